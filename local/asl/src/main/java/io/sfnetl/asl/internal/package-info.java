/**
 * The interpreter: {@link io.sfnetl.asl.internal.Interpreter} (the loop), one executor per state type,
 * {@link io.sfnetl.asl.internal.Retries} (Retry/Catch), {@link io.sfnetl.asl.internal.Io} (JSONPath input/output
 * processing), {@link io.sfnetl.asl.internal.Jsonata}, {@link io.sfnetl.asl.internal.Paths}, the history and the
 * execution runner. Not an API: may change without notice.
 */
package io.sfnetl.asl.internal;
