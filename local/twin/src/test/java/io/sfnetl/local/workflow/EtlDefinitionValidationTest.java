package io.sfnetl.local.workflow;

import static org.assertj.core.api.Assertions.assertThat;


import io.sfnetl.asl.validation.DefinitionValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code statemachine/etl.asl.json} passes the engine's validator and the independent npm {@code asl-validator}
 * (pinned in package.json; skipped with the install command when {@code npm ci} has not been run), and its
 * {@code ${...}} placeholders appear only inside JSON strings.
 */
class EtlDefinitionValidationTest {
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final Path DEFINITION = ROOT.resolve("statemachine/etl.asl.json");

    @Test
    void definitionValidator_etlDefinition_noProblems() throws Exception {
        assertThat(DefinitionValidator.validate(Files.readString(DEFINITION))).isEmpty();
    }

    @Test
    void placeholders_etlDefinition_onlyWholeJsonStringsNamingArnsAndTheBucket() throws Exception {
        String text = Files.readString(DEFINITION);
        Matcher m = Pattern.compile("(.)\\$\\{([A-Za-z]+)}(.)").matcher(text);
        int found = 0;
        while (m.find()) {
            found++;
            assertThat(m.group(1) + m.group(3)).as("${%s} must be a whole JSON string", m.group(2)).isEqualTo("\"\"");
            assertThat(m.group(2)).matches("[A-Za-z]+FunctionArn|DataBucket");
        }
        assertThat(found).isEqualTo(6);
    }

    @Test
    void aslValidator_etlDefinition_valid() throws Exception {
        Path cli = ROOT.resolve("node_modules/.bin/asl-validator");
        assertThat(cli).as("asl-validator is not installed: run 'npm ci' at the repository root (mvn verify does when npm is on the PATH)")
                .isExecutable();
        Process p = new ProcessBuilder(cli.toString(), "--json-path", DEFINITION.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("asl-validator finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("is valid");
    }
}
