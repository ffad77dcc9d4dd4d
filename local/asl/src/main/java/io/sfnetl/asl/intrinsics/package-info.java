/**
 * The ASL intrinsic functions ({@code States.Format}, {@code States.Array}, ...): parsing, static checks for the
 * validator ({@link io.sfnetl.asl.intrinsics.Intrinsics#syntaxErrors}) and evaluation for the engine
 * ({@link io.sfnetl.asl.intrinsics.Intrinsics#evaluate}). Paths inside intrinsics are resolved by the caller through
 * {@link io.sfnetl.asl.intrinsics.Intrinsics.PathResolver}, so this package knows no JSONPath library.
 */
package io.sfnetl.asl.intrinsics;
