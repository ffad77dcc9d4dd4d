package io.sfnetl.local.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfnetl.asl.Execution;
import io.sfnetl.local.twin.LocalTwin;
import io.sfnetl.local.twin.TwinServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole twin ({@link TwinServer}, S3, DynamoDB, the real ETL functions, data on disk) with one finished ETL run of
 * the orders dataset, {@value #RUN}: {@value #ROWS} rows in several chunks, of which {@value #REJECTS} are rejects,
 * one holding {@link #SCRIPT} in a field (the reason and the record must show it as text).
 */
final class EtlConsoleTwin implements AutoCloseable {
    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    static final String RUN = "console-run";
    static final int ROWS = 60;
    static final int REJECTS = 3;
    static final String SCRIPT = "<script>document.title='pwned'</script>";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TwinServer twin;
    private final String executionArn;
    private final String output;
    private final String spec;

    EtlConsoleTwin(Path dataDir) throws IOException {
        twin = TwinServer.start(new TwinServer.Options(new LocalTwin.Options(ROOT, dataDir, 1), 0, 1, null, null));
        try {
            Path csv = dataDir.resolve("orders-console.csv");
            Files.writeString(csv, csv());
            String source = twin.twin().upload(csv, "input/" + RUN);
            spec = twin.twin().upload(ROOT.resolve("samples/orders/orders.spec.json"), "specs");
            ObjectNode input = JSON.createObjectNode();
            input.put("dataset", spec);
            input.put("source", source);
            input.put("chunkBytes", 1500);
            input.put("maxRejectPercent", 50);
            executionArn = start(RUN, input);
            ObjectNode d = await(executionArn);
            if (!"SUCCEEDED".equals(d.path("status").asText())) {
                throw new IllegalStateException("the ETL run did not succeed: " + d);
            }
            output = d.path("output").asText();
        } catch (RuntimeException | IOException e) {
            twin.close();
            throw e;
        }
    }

    /** The orders CSV: valid rows, a bad status holding markup, a bad amount, a bad date (email is sensitive). */
    static String csv() {
        StringBuilder b = new StringBuilder("order_id,customer_id,email,order_date,amount,currency,quantity,status,notes\n");
        List<String> rows = new ArrayList<>();
        for (int i = 1; i <= ROWS; i++) {
            String id = String.format("ORD-%06d", i);
            String status = "PAID";
            String amount = "12.50";
            String date = "2026-05-14";
            if (i == 7) {
                status = SCRIPT;
            } else if (i == 20) {
                amount = "abc";
            } else if (i == 41) {
                date = "2026-13-40";
            }
            rows.add(id + ",C" + i + ",secret" + i + "@example.com," + date + "," + amount + ",EUR,2," + status + ",note " + i);
        }
        rows.forEach(r -> b.append(r).append('\n'));
        return b.toString();
    }

    /** The S3 URI of the orders spec the run used. */
    String spec() {
        return spec;
    }

    /** Waits (at most 3 minutes) until the execution has ended; returns its DescribeExecution. */
    ObjectNode await(String arn) {
        Execution e = twin.server().service().executions().stream().filter(x -> x.executionArn().equals(arn))
                .findFirst().orElseThrow(() -> new IllegalStateException("no execution " + arn));
        if (!e.await(Duration.ofMinutes(3))) {
            throw new IllegalStateException(arn + " still running after 3 minutes: " + describe(arn));
        }
        return describe(arn);
    }

    String start(String name, ObjectNode input) {
        ObjectNode req = JSON.createObjectNode();
        req.put("stateMachineArn", twin.stateMachineArn());
        req.put("name", name);
        req.put("input", input.toString());
        return twin.server().service().call("StartExecution", req).path("executionArn").asText();
    }

    ObjectNode describe(String arn) {
        ObjectNode req = JSON.createObjectNode();
        req.put("executionArn", arn);
        return twin.server().service().call("DescribeExecution", req);
    }

    TwinServer twin() {
        return twin;
    }

    URI endpoint() {
        return twin.server().endpoint();
    }

    String executionArn() {
        return executionArn;
    }

    String output() {
        return output;
    }

    @Override
    public void close() {
        twin.close();
    }
}
