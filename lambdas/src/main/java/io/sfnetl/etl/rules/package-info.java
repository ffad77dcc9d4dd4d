/**
 * Validation of source records against a spec's field types and rules ({@link io.sfnetl.etl.rules.RowValidator}),
 * and the extension point for rules a spec cannot say ({@link io.sfnetl.etl.rules.RowRule}).
 */
package io.sfnetl.etl.rules;
