package io.sfnetl.cli;

import io.sfnetl.asl.InvalidDefinitionException;
import io.sfnetl.asl.StateMachine;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code etl validate FILE}: prints every problem of an ASL definition with its JSON location (including what the
 * local engine does not support yet), or nothing. Exit 0 valid, 2 invalid.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Validate an ASL definition: every problem with its JSON location.")
public final class ValidateCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "The ASL definition file.")
    Path file;

    @Override
    public Integer call() {
        String json = RunCommand.read(file, "FILE");
        try {
            StateMachine.parse(json);
            return ExitCodes.OK;
        } catch (InvalidDefinitionException e) {
            e.problems().forEach(p -> System.out.println(file + ":" + p));
            return ExitCodes.USER_ERROR;
        }
    }
}
