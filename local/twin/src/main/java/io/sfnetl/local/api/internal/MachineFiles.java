package io.sfnetl.local.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The state machines created through the API, kept on disk so that they outlive the twin's process as they outlive
 * nothing on AWS: one {@code <name>.json} per machine (name, type, role, definition, creation date) under the data
 * directory's {@code state-machines/}. Written atomically (temporary file, then rename), deleted with the machine.
 */
public final class MachineFiles {
    /** What a file holds. */
    public record Saved(String name, String type, String roleArn, String definition, Instant created) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;

    public MachineFiles(Path dir) {
        this.dir = dir;
    }

    public void save(Saved m) {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", m.name());
        o.put("type", m.type());
        o.put("roleArn", m.roleArn());
        o.put("definition", m.definition());
        o.put("creationDate", m.created().toString());
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(m.name() + ".json.tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), o);
            try {
                Files.move(tmp, file(m.name()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file(m.name()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save state machine " + m.name() + " under " + dir
                    + ": check that the data directory is writable", e);
        }
    }

    public void delete(String name) {
        try {
            Files.deleteIfExists(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file(name) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every saved machine. A file that cannot be read is named in the exception (the twin then refuses to start
     * rather than silently forget a machine): fix or delete it.
     */
    public List<Saved> load() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Saved> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                all.add(read(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return all;
    }

    private static Saved read(Path f) {
        try {
            JsonNode o = JSON.readTree(f.toFile());
            return new Saved(text(o, "name", f), text(o, "type", f), text(o, "roleArn", f), text(o, "definition", f),
                    Instant.parse(text(o, "creationDate", f)));
        } catch (IOException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("the saved state machine " + f + " cannot be read (" + e.getMessage()
                    + "); fix the file or delete it", e);
        }
    }

    private static String text(JsonNode o, String field, Path f) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("the saved state machine " + f + " lacks the text field '" + field
                    + "'; fix the file or delete it");
        }
        return v.asText();
    }

    private Path file(String name) {
        return dir.resolve(name + ".json");
    }
}
