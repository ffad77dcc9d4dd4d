package io.sfnetl.etl.spec;

/**
 * Where a dataset's rows go ({@code target} in the spec).
 *
 * @param table logical table name (config/pipeline.json maps datasets to deployed tables)
 * @param partitionKey the partition key
 * @param sortKey the sort key, or null when the table has none
 */
public record TargetSpec(String table, KeySpec partitionKey, KeySpec sortKey) {}
