package io.sfnetl.local.estimate;

import java.nio.file.Path;

/** The repository root for tests in other packages. */
public final class InputFilesTestAccess {
    private InputFilesTestAccess() {
    }

    public static Path root() {
        return InputFilesTest.root();
    }
}
