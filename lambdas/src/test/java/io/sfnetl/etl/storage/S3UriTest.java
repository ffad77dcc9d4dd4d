package io.sfnetl.etl.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class S3UriTest {
    @Test
    void parse_bucketAndKey_split() {
        S3Uri u = S3Uri.parse("s3://data/incoming/a.csv");
        assertThat(u.bucket()).isEqualTo("data");
        assertThat(u.key()).isEqualTo("incoming/a.csv");
        assertThat(u.toString()).isEqualTo("s3://data/incoming/a.csv");
    }

    @Test
    void parse_bucketOnly_emptyKey() {
        assertThat(S3Uri.parse("s3://data").key()).isEmpty();
    }

    @Test
    void parse_localPath_failsWithShape() {
        assertThatThrownBy(() -> S3Uri.parse("/tmp/a.csv"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'/tmp/a.csv' is not an S3 URI; write it as s3://bucket/key");
    }

    @Test
    void parse_noBucket_fails() {
        assertThatThrownBy(() -> S3Uri.parse("s3:///key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no bucket");
    }

    @Test
    void stagingKeys_stageContractShape() {
        assertThat(StagingKeys.staging("r1", "00003", "validate", 2, "req")).isEqualTo("staging/r1/00003/validate/2-req");
        assertThat(StagingKeys.rejects("r1", "00003", "load", 0, "req")).isEqualTo("rejects/r1/00003/load/0-req");
        assertThat(StagingKeys.manifest("r1", "chunks.json")).isEqualTo("manifests/r1/chunks.json");
    }
}
