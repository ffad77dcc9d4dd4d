package io.sfnetl.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root that holds config/pipeline.json: {@code -Detl.home} (set by ./etl), else the working directory. */
final class Home {
    private Home() {
    }

    static Path dir() {
        String set = System.getProperty("etl.home");
        Path home = (set != null ? Path.of(set) : Path.of("")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(home.resolve("config/pipeline.json"))) {
            throw new ExitCodes.UserError("config/pipeline.json not found under " + home
                    + "; run ./etl from the sfn-etl repository (or set -Detl.home=<repository root>)");
        }
        return home;
    }
}
