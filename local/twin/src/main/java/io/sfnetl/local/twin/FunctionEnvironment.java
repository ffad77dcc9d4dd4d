package io.sfnetl.local.twin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfnetl.etl.config.EtlConfig;
import io.sfnetl.local.services.LocalServices;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment variables the CDK stack gives the functions, with the twin's values: what a function container
 * under {@code --isolation process} reads through the handlers' no-arg constructors ({@code EtlConfig.fromEnv},
 * {@code Clients}).
 */
final class FunctionEnvironment {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FunctionEnvironment() {
    }

    static Map<String, String> of(LocalServices services, EtlConfig c, String region) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", region);
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_ENDPOINT_URL_S3", services.s3Endpoint().toString());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", services.dynamoDbEndpoint().toString());
        env.put("ETL_DATA_BUCKET", c.dataBucket());
        env.put("ETL_JOBS_TABLE", c.jobsTable());
        env.put("ETL_DATASET_TABLES", json(c.datasetTables()));
        env.put("ETL_CHUNK_BYTES", Long.toString(c.defaults().chunkBytes()));
        env.put("ETL_MAX_CONCURRENCY", Integer.toString(c.defaults().maxConcurrency()));
        env.put("ETL_TOLERATED_FAILURE_PERCENTAGE", Double.toString(c.defaults().toleratedFailurePercentage()));
        env.put("ETL_MAX_REJECT_PERCENT", Double.toString(c.defaults().maxRejectPercent()));
        env.put("ETL_TASK_TIMEOUTS", json(c.defaults().taskTimeoutSeconds()));
        env.put("ETL_SAFETY_MARGIN_MILLIS", Long.toString(c.safetyMarginMillis()));
        env.put("ETL_LOAD_PARALLELISM", Integer.toString(c.loadParallelism()));
        return env;
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
