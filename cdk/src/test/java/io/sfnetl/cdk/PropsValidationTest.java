package io.sfnetl.cdk;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfnetl.cdk.constructs.DataStorage;
import io.sfnetl.cdk.constructs.EtlFunctions;
import io.sfnetl.cdk.constructs.EtlStateMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.RetentionDays;

/** Construct and stack props reject what would make a broken stack, before any resource is created. */
class PropsValidationTest {

    private final SynthesizedStack synth = SynthesizedStack.standard();

    @Test
    void stackProps_invalidStage_isRejectedWithTheRule() {
        assertThatThrownBy(() -> new EtlStack.Props("Prod_1", synth.settings, Path.of("d.json"), Path.of("f.jar")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stage 'Prod_1' must be 1..16 lower-case letters, digits or '-'");
    }

    @Test
    void functionsProps_missingJar_saysHowToBuildIt() {
        assertThatThrownBy(() -> new EtlFunctions.Props("sfn-etl-x-", synth.settings.functions(),
                Path.of("/nowhere/lambdas.jar"), Map.of(), RetentionDays.ONE_MONTH, RemovalPolicy.RETAIN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the Lambda jar /nowhere/lambdas.jar does not exist")
                .hasMessageContaining("mvn -q -pl lambdas -am package");
    }

    @TempDir
    Path dir;

    @Test
    void stateMachineProps_placeholderWithoutValue_namesIt() throws IOException {
        DataStorage storage = synth.stack.storage();
        Path definition = Files.writeString(dir.resolve("d.json"), "{\"x\":\"${PrepareFunctionArn}\",\"y\":\"${Nope}\"}");
        assertThatThrownBy(() -> new EtlStateMachine.Props("sm", definition,
                Map.of("PrepareFunctionArn", "arn"), List.of(synth.stack.functions().alias("Prepare")), storage,
                RetentionDays.ONE_MONTH, RemovalPolicy.RETAIN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the definition " + definition + " uses ${Nope} but no substitution gives it a value");
    }

    @Test
    void stateMachineProps_invalidName_isRejected() {
        assertThatThrownBy(() -> new EtlStateMachine.Props("a b", Path.of("statemachine/etl.asl.json"), Map.of(),
                List.of(synth.stack.functions().alias("Prepare")), synth.stack.storage(), RetentionDays.ONE_MONTH,
                RemovalPolicy.RETAIN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("state machine name 'a b' must be 1..80");
    }

    @Test
    void stateMachineProps_missingDefinitionFile_namesIt() {
        assertThatThrownBy(() -> new EtlStateMachine.Props("sm", dir.resolve("missing.json"), Map.of(),
                List.of(synth.stack.functions().alias("Prepare")), synth.stack.storage(), RetentionDays.ONE_MONTH,
                RemovalPolicy.RETAIN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot read the state machine definition " + dir.resolve("missing.json"));
    }

    @Test
    void storageProps_badPrefixOrNoDatasets_areRejected() {
        assertThatThrownBy(() -> new DataStorage.Props("Sfn_", synth.settings.datasets(), "jobs",
                synth.settings.operations()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("namePrefix 'Sfn_' must be lower-case");
        assertThatThrownBy(() -> new DataStorage.Props("sfn-etl-x-", List.of(), "jobs", synth.settings.operations()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs at least one dataset");
    }
}
