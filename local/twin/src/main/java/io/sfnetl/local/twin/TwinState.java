package io.sfnetl.local.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a running twin ({@code etl local up}) publishes in {@code <state dir>/twin.json} so that other {@code etl}
 * commands find it: its process id, endpoints, the ETL state machine's ARN and the substitutions the definition was
 * deployed with. The state directory is the twin's data directory ({@code .etl/} by default).
 *
 * @param pid the twin's process id
 * @param stepFunctions the Step Functions API endpoint ({@code http://127.0.0.1:<port>})
 * @param s3 the S3 endpoint
 * @param dynamoDb the DynamoDB endpoint
 * @param stateMachineArn the ETL state machine deployed at start
 * @param dataBucket the data bucket
 * @param dataDir where S3 and DynamoDB keep their data; null when the twin runs in memory
 * @param substitutions the definition substitutions of the twin's functions (as CDK's definitionSubstitutions)
 */
public record TwinState(long pid, URI stepFunctions, URI s3, URI dynamoDb, String stateMachineArn, String dataBucket,
        String dataDir, Map<String, String> substitutions) {
    public static final String FILE = "twin.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public TwinState {
        substitutions = Map.copyOf(substitutions);
    }

    /** Writes {@code <stateDir>/twin.json} atomically. */
    public Path write(Path stateDir) {
        ObjectNode o = JSON.createObjectNode();
        o.put("pid", pid);
        o.put("stepFunctions", stepFunctions.toString());
        o.put("s3", s3.toString());
        o.put("dynamoDb", dynamoDb.toString());
        o.put("stateMachineArn", stateMachineArn);
        o.put("dataBucket", dataBucket);
        o.put("dataDir", dataDir);
        ObjectNode subs = o.putObject("substitutions");
        substitutions.forEach(subs::put);
        try {
            Files.createDirectories(stateDir);
            Path tmp = Files.createTempFile(stateDir, "twin", ".tmp");
            Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o));
            Path file = stateDir.resolve(FILE);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + stateDir.resolve(FILE) + ": " + e.getMessage()
                    + "; check that the directory is writable", e);
        }
    }

    /**
     * The twin running for {@code stateDir}: its {@code twin.json} if the file exists and its process is alive. A file
     * left by a twin that died (SIGKILL) is ignored.
     */
    public static Optional<TwinState> find(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode o;
        try {
            o = JSON.readTree(file.toFile());
        } catch (IOException e) {
            return Optional.empty();
        }
        long pid = o.path("pid").asLong(-1);
        if (pid <= 0 || !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return Optional.empty();
        }
        Map<String, String> subs = new LinkedHashMap<>();
        o.path("substitutions").fields().forEachRemaining(e -> subs.put(e.getKey(), e.getValue().asText()));
        return Optional.of(new TwinState(pid, URI.create(o.path("stepFunctions").asText()),
                URI.create(o.path("s3").asText()), URI.create(o.path("dynamoDb").asText()),
                o.path("stateMachineArn").asText(), o.path("dataBucket").asText(),
                o.path("dataDir").isTextual() ? o.path("dataDir").asText() : null, subs));
    }

    /** Removes {@code <stateDir>/twin.json} if it still names {@code pid}. */
    public static void remove(Path stateDir, long pid) {
        Path file = stateDir.resolve(FILE);
        try {
            if (Files.isRegularFile(file) && JSON.readTree(file.toFile()).path("pid").asLong() == pid) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // best effort: a stale file is ignored by find() once the process is gone
        }
    }
}
