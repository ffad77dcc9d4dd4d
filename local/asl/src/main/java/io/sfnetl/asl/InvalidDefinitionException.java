package io.sfnetl.asl;

import io.sfnetl.asl.validation.Problem;
import java.util.List;

/** A definition that cannot run: every problem found, each with its JSON Pointer location. */
public final class InvalidDefinitionException extends RuntimeException {
    private final List<Problem> problems;

    public InvalidDefinitionException(List<Problem> problems) {
        super("Invalid state machine definition (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
                + "):\n  " + String.join("\n  ", problems.stream().map(Problem::toString).toList()));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
