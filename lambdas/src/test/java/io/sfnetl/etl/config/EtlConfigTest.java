package io.sfnetl.etl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EtlConfigTest {
    @Test
    void fromEnv_empty_pipelineDefaults() {
        EtlConfig c = EtlConfig.fromEnv(Map.of());
        assertThat(c.dataBucket()).isNull();
        assertThat(c.jobsTable()).isEqualTo("etl-jobs");
        assertThat(c.defaults()).isEqualTo(new RunConfig(67_108_864, 10, 0, 5));
        assertThat(c.safetyMarginMillis()).isEqualTo(60_000);
        assertThat(c.loadParallelism()).isEqualTo(4);
        assertThat(c.tableFor("orders", "orders-spec")).isEqualTo("orders-spec");
    }

    @Test
    void fromEnv_everyVariable_read() {
        EtlConfig c = EtlConfig.fromEnv(Map.of("ETL_DATA_BUCKET", "data", "ETL_JOBS_TABLE", "jobs",
                "ETL_DATASET_TABLES", "{\"orders\":\"orders-prod\"}", "ETL_CHUNK_BYTES", "1024",
                "ETL_MAX_CONCURRENCY", "3", "ETL_TOLERATED_FAILURE_PERCENTAGE", "2.5", "ETL_MAX_REJECT_PERCENT", "7",
                "ETL_SAFETY_MARGIN_MILLIS", "5000", "ETL_LOAD_PARALLELISM", "8"));
        assertThat(c.dataBucket()).isEqualTo("data");
        assertThat(c.jobsTable()).isEqualTo("jobs");
        assertThat(c.tableFor("orders", "x")).isEqualTo("orders-prod");
        assertThat(c.defaults()).isEqualTo(new RunConfig(1024, 3, 2.5, 7));
        assertThat(c.safetyMarginMillis()).isEqualTo(5000);
        assertThat(c.loadParallelism()).isEqualTo(8);
    }

    @Test
    void fromEnv_pairsTableMap_read() {
        EtlConfig c = EtlConfig.fromEnv(Map.of("ETL_DATASET_TABLES", "orders=t1, customers=t2"));
        assertThat(c.datasetTables()).containsEntry("orders", "t1").containsEntry("customers", "t2");
    }

    @Test
    void fromEnv_notANumber_failsNamingVariable() {
        assertThatThrownBy(() -> EtlConfig.fromEnv(Map.of("ETL_CHUNK_BYTES", "64MB")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ETL_CHUNK_BYTES='64MB' is not an integer");
    }

    @Test
    void fromEnv_badTableMap_failsWithExample() {
        assertThatThrownBy(() -> EtlConfig.fromEnv(Map.of("ETL_DATASET_TABLES", "orders")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ETL_DATASET_TABLES entry 'orders' is not dataset=table");
    }
}
