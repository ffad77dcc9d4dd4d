package io.sfnetl.local.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfnetl.local.services.junit.LocalServicesExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalServicesExtension.class)
class SharedServicesIT {

    private static LocalServices fromBeforeAll;

    @BeforeAll
    static void remember(LocalServices services) {
        fromBeforeAll = services;
        System.out.printf("shared in-memory LocalServices startup: %d ms (%s)%n",
                services.startupTime().toMillis(), services);
    }

    @Test
    void resolveParameter_beforeAllAndTest_sameRunningInstance(LocalServices services) {
        assertThat(services).isSameAs(fromBeforeAll);
        assertThat(services.dataDir()).isNull();
        assertThat(services.s3Client().listBuckets().buckets()).isNotNull();
        assertThat(services.dynamoDbClient().listTables().tableNames()).isNotNull();
    }
}
