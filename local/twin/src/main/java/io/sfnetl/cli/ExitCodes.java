package io.sfnetl.cli;

import io.sfnetl.asl.InvalidDefinitionException;
import io.sfnetl.asl.mock.MockConfigException;
import io.sfnetl.local.api.StepFunctionsServer;
import io.sfnetl.local.services.LocalServicesException;
import picocli.CommandLine;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The one place where outcomes become exit codes: 0 success, 1 an execution ended unsuccessfully, 2 anything the user
 * must fix (usage, invalid definition or input, missing file, unknown execution, twin not running, port in use, no
 * AWS credentials). Errors print as one line on stderr; {@code --debug} adds the stack trace.
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
            case StepFunctionsServer.PortInUseException e -> USER_ERROR;
            case LocalServicesException e -> USER_ERROR;
            case AwsServiceException e -> e.statusCode() >= 400 && e.statusCode() < 500 ? USER_ERROR : UNSUCCESSFUL;
            case SdkClientException e -> USER_ERROR;
            default -> UNSUCCESSFUL;
        };
    }

    /** Prints an exception's message (the stack trace only with --debug) to stderr and returns its exit code. */
    public static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        cmd.getErr().println("error: " + message(e));
        if (debug(parsed)) {
            e.printStackTrace(cmd.getErr());
        } else if (of(e) == UNSUCCESSFUL) {
            cmd.getErr().println("(run again with --debug for the stack trace)");
        }
        return of(e);
    }

    /** One line: AWS errors as {@code <ErrorCode>: <message>}, client failures with what to check. */
    static String message(Throwable e) {
        return switch (e) {
            case AwsServiceException a when a.awsErrorDetails() != null -> a.awsErrorDetails().errorCode() + ": "
                    + firstLine(a.awsErrorDetails().errorMessage());
            case SdkClientException c -> client(c);
            // a user error is written for the user, problem lists included: print all of it
            case UserError u -> String.valueOf(u.getMessage());
            default -> firstLine(String.valueOf(e.getMessage()));
        };
    }

    private static String client(SdkClientException c) {
        String m = String.valueOf(c.getMessage());
        if (m.startsWith("Unable to load credentials")) {
            return "no AWS credentials found (environment, profiles, web identity, container, instance metadata); "
                    + "configure them with 'aws configure', AWS_PROFILE/--profile or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY";
        }
        if (m.contains("credentials") || m.contains("Credentials")) {
            return firstLine(m) + " (with --aws: configure credentials with 'aws configure', AWS_PROFILE/--profile or "
                    + "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)";
        }
        if (m.startsWith("Unable to load region")) {
            return "no AWS region: pass --region or set AWS_REGION";
        }
        return firstLine(m) + " (is the twin still running? start it with './etl local up')";
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    private static boolean debug(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return "1".equals(System.getenv("ETL_DEBUG"));
    }

    /** Something the user must fix; its message says what and how. */
    public static final class UserError extends RuntimeException {
        public UserError(String message) {
            super(message);
        }
    }
}
