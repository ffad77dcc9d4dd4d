package io.sfnetl.cdk.config;

import java.util.List;

/**
 * {@code config/pipeline.json} (or a dataset spec it names, or the CDK context) holds values the stack cannot be
 * built from. The message lists every problem, each with its JSON location, the value found and what is allowed,
 * so that one synth shows everything to fix.
 */
public final class InvalidConfigException extends RuntimeException {

    private final List<String> problems;

    public InvalidConfigException(String source, List<String> problems) {
        super("invalid " + source + " (fix these and synthesize again):\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem as {@code /json/pointer: what is wrong}. */
    public List<String> problems() {
        return problems;
    }
}
