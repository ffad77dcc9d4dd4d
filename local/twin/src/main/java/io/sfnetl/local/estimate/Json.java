package io.sfnetl.local.estimate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reading the estimate's input files: every problem with its JSON location, reported together. */
final class Json {
    private Json() {
    }

    static JsonNode read(Path file, String what) {
        try {
            return new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(what + " file not found: " + file
                    + " (run from the repository root, or pass its path)");
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " file " + file + " is not valid JSON: " + e.getMessage());
        }
    }

    /** The number at {@code pointer} (0 after recording a problem when it is missing, not a number or negative). */
    static double number(JsonNode root, String pointer, List<String> problems) {
        JsonNode v = root.at(pointer);
        if (!v.isNumber() || v.asDouble() < 0) {
            problems.add(pointer + ": must be a non-negative number, got " + (v.isMissingNode() ? "nothing" : v));
            return 0;
        }
        return v.asDouble();
    }

    static void check(Path file, List<String> problems) {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid " + file + ":\n  " + String.join("\n  ", problems));
        }
    }
}
