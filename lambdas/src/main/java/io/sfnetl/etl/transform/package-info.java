/**
 * The spec's transforms on valid rows ({@link io.sfnetl.etl.transform.RowTransformer}, JSONata via
 * com.dashjoin:jsonata) and the target key computed from key templates ({@link io.sfnetl.etl.transform.KeyOf}).
 */
package io.sfnetl.etl.transform;
