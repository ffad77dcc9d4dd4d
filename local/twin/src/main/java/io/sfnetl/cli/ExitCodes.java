package io.sfnetl.cli;

import io.sfnetl.asl.InvalidDefinitionException;
import io.sfnetl.asl.mock.MockConfigException;
import picocli.CommandLine;

/**
 * The one place where outcomes become exit codes: 0 success, 1 an execution ended unsuccessfully, 2 anything the user
 * must fix (usage, invalid definition or input, missing file).
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int UNSUCCESSFUL = 1;
    public static final int USER_ERROR = 2;

    private ExitCodes() {
    }

    /** Maps an exception escaping a command to its exit code. */
    public static int of(Throwable t) {
        return switch (t) {
            case UserError e -> USER_ERROR;
            case InvalidDefinitionException e -> USER_ERROR;
            case MockConfigException e -> USER_ERROR;
            case CommandLine.ParameterException e -> USER_ERROR;
            case IllegalArgumentException e -> USER_ERROR;
            default -> UNSUCCESSFUL;
        };
    }

    /** Prints an exception's message (no stack trace) to stderr and returns its exit code; for picocli. */
    public static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        cmd.getErr().println("error: " + e.getMessage());
        return of(e);
    }

    /** Something the user must fix; its message says what and how. */
    public static final class UserError extends RuntimeException {
        public UserError(String message) {
            super(message);
        }
    }
}
