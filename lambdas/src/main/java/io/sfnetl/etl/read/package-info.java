/**
 * Streaming readers of source objects (CSV, JSON Lines, JSON array) over byte ranges with exact boundaries: a range
 * owns every record that starts inside it ({@link io.sfnetl.etl.read.ReadRange}); each
 * {@link io.sfnetl.etl.read.SourceRecord} carries its absolute byte offset. Malformed input becomes records with a
 * parse error, never exceptions. Open them with {@link io.sfnetl.etl.read.RecordReaders}.
 */
package io.sfnetl.etl.read;
