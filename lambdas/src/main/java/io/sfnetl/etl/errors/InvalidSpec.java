package io.sfnetl.etl.errors;

import java.util.List;
import java.util.stream.Collectors;

/** The dataset spec is invalid. Carries every problem found, each with its JSON location. */
public final class InvalidSpec extends EtlException {
    private final List<Problem> problems;

    public InvalidSpec(String source, List<Problem> problems) {
        super("Invalid dataset spec " + source + " (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
                + "):\n" + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
