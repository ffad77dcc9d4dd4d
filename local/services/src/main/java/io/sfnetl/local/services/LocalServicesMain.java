package io.sfnetl.local.services;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the local services by hand and prints their endpoints as JSON on stdout (logs go to stderr);
 * Ctrl-C (or SIGTERM) stops them, flushing on-disk data.
 *
 * <pre>
 *   LocalServicesMain DATA_DIR      persistent under DATA_DIR (s3/, dynamodb/)
 *   LocalServicesMain --in-memory   nothing kept
 * </pre>
 *
 * From the repository root: {@code mvn -q -pl local/services compile exec:java
 * -Dexec.mainClass=io.sfnetl.local.services.LocalServicesMain -Dexec.args=.etl}. Exit code 2 for usage
 * errors and for services that cannot start (for example a data directory in use).
 */
public final class LocalServicesMain {

    static final String USAGE = """
            Usage: LocalServicesMain DATA_DIR | --in-memory
            Starts an S3 server and DynamoDB Local on 127.0.0.1 (free ports) and prints their endpoints as JSON.
              DATA_DIR      keep S3 objects and DynamoDB tables under this directory (created if missing)
              --in-memory   keep nothing
            Ctrl-C stops the services.""";

    private static final String LOGBACK_CONFIG = "io/sfnetl/local/services/logback-local-services.xml";

    private LocalServicesMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        // Before the first logger is created: stdout is reserved for the JSON.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
        }
        LocalServices.Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(USAGE);
            return;
        }
        LocalServices services;
        try {
            services = LocalServices.start(options);
        } catch (LocalServicesException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            services.close();
            System.err.println("Local services stopped.");
            stopped.countDown();
        }, "local-services-shutdown"));
        printEndpoints(services, System.out);
        System.err.println("Local services running. Ctrl-C to stop.");
        stopped.await();
    }

    /**
     * @return the options, or {@code null} for {@code --help}
     * @throws IllegalArgumentException with the usage text when the arguments are wrong
     */
    static LocalServices.Options parse(String[] args) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            return null;
        }
        if (args.length != 1 || args[0].isBlank()) {
            throw new IllegalArgumentException("Expected exactly one argument, got " + args.length + ".\n" + USAGE);
        }
        if (args[0].equals("--in-memory")) {
            return new LocalServices.Options(null, true);
        }
        if (args[0].startsWith("-")) {
            throw new IllegalArgumentException("Unknown option " + args[0] + ".\n" + USAGE);
        }
        return new LocalServices.Options(Path.of(args[0]), true);
    }

    /** One JSON object: endpoints, region, dummy credentials, data directory (null in memory), pid. */
    static void printEndpoints(LocalServices services, PrintStream out) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("s3Endpoint", services.s3Endpoint().toString());
        fields.put("dynamoDbEndpoint", services.dynamoDbEndpoint().toString());
        fields.put("region", services.region().id());
        fields.put("accessKeyId", LocalServices.ACCESS_KEY_ID);
        fields.put("secretAccessKey", LocalServices.SECRET_ACCESS_KEY);
        fields.put("dataDir", services.dataDir() == null ? null : services.dataDir().toString());
        fields.put("pid", ProcessHandle.current().pid());
        var json = new StringBuilder("{\n");
        var entries = fields.entrySet().iterator();
        while (entries.hasNext()) {
            var entry = entries.next();
            json.append("  ").append(quote(entry.getKey())).append(": ").append(value(entry.getValue()))
                    .append(entries.hasNext() ? ",\n" : "\n");
        }
        out.println(json.append('}'));
        out.flush();
    }

    private static String value(Object value) {
        return switch (value) {
            case null -> "null";
            case Number n -> n.toString();
            default -> quote(value.toString());
        };
    }

    private static String quote(String s) {
        var sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
