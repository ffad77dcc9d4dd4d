package io.sfnetl.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** ItemReader {@code InputType: MANIFEST}: an S3 Inventory manifest.json and its gzip-compressed CSV data files. */
class InventoryManifestReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String DEFINITION = """
            {"StartAt": "M", "States": {"M": {"Type": "Map",
              "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                "ReaderConfig": {"InputType": "MANIFEST"%s},
                "Parameters": {"Bucket": "inv", "Key": "src/cfg/2026-11-23T01-00Z/manifest.json"}},
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "P",
                "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}""";

    private static byte[] gzip(String text) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(bytes)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static InventoryManifestReaderTest.Store store(String fileFormat) throws IOException {
        var store = new InMemoryObjectStore();
        store.put("inv", "src/cfg/2026-11-23T01-00Z/manifest.json", """
                {"sourceBucket": "src", "destinationBucket": "arn:aws:s3:::inv", "version": "2016-11-30",
                 "fileFormat": "%s", "fileSchema": "Bucket, Key, Size, LastModifiedDate",
                 "files": [{"key": "src/cfg/data/a.csv.gz", "size": 1, "MD5checksum": "x"},
                           {"key": "src/cfg/data/b.csv.gz", "size": 1, "MD5checksum": "y"}]}""".formatted(fileFormat));
        store.putObject("inv", "src/cfg/data/a.csv.gz", gzip("""
                "src","orders/2026-11-23/part%201.csv","120","2026-11-23T00:10:00.000Z"
                "src","orders/2026-11-23/part-2.csv","80","2026-11-23T00:11:00.000Z"
                """));
        store.putObject("inv", "src/cfg/data/b.csv.gz", gzip("""
                "src","orders/2026-11-23/part-3.csv","40","2026-11-23T00:12:00.000Z"
                """));
        return new Store(store);
    }

    record Store(InMemoryObjectStore objects) {
    }

    @Test
    void manifest_s3Inventory_yieldsOneItemPerRowOfEveryDataFileWithDecodedKeys() throws Exception {
        var store = store("CSV").objects();
        var sm = StateMachine.parse(DEFINITION.formatted(""));
        Execution e = Engine.builder().itemReaderSource(store).build().start(sm, null, JSON.readTree("{}")).await();

        assertThat(e.status()).as(e.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode out = JSON.readTree(e.output());
        assertThat(out).hasSize(3);
        assertThat(out.get(0)).isEqualTo(JSON.readTree("""
                {"Bucket": "src", "Key": "orders/2026-11-23/part 1.csv", "Size": "120",
                 "LastModifiedDate": "2026-11-23T00:10:00.000Z"}"""));
        assertThat(out.get(2).get("Key").asText()).isEqualTo("orders/2026-11-23/part-3.csv");
    }

    @Test
    void manifest_maxItems_stopsAcrossDataFiles() throws Exception {
        var store = store("CSV").objects();
        var sm = StateMachine.parse(DEFINITION.formatted(", \"MaxItems\": 2"));
        Execution e = Engine.builder().itemReaderSource(store).build().start(sm, null, JSON.readTree("{}")).await();

        assertThat(JSON.readTree(e.output())).hasSize(2);
    }

    @Test
    void manifest_parquetInventory_failsWithItemReaderFailed() throws Exception {
        var store = store("Parquet").objects();
        var sm = StateMachine.parse(DEFINITION.formatted(""));
        Execution e = Engine.builder().itemReaderSource(store).build().start(sm, null, JSON.readTree("{}")).await();

        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo("States.ItemReaderFailed");
        assertThat(e.cause()).contains("Parquet", "CSV inventories only");
    }

    @Test
    void parse_athenaManifestType_isRejectedAsNotSupportedWithItsLocation() {
        assertThatThrownBy(() -> StateMachine.parse(DEFINITION.formatted(", \"ManifestType\": \"ATHENA_DATA\"")))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("/States/M/ItemReader/ReaderConfig/ManifestType")
                .hasMessageContaining("ATHENA_DATA");
    }
}
