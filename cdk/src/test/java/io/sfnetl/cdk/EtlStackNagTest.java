package io.sfnetl.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

class EtlStackNagTest {

    private final SynthesizedStack synth = SynthesizedStack.standard();

    @Test
    void awsSolutions_standardStack_hasNoUnsuppressedErrors() {
        List<SynthesisMessage> errors = synth.annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        assertThat(errors.stream().map(m -> m.getId() + " " + m.getEntry().getData()).toList()).isEmpty();
    }

    @Test
    void awsSolutions_standardStack_hasNoUnsuppressedWarnings() {
        List<SynthesisMessage> warnings = synth.annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        assertThat(warnings.stream().map(m -> m.getId() + " " + m.getEntry().getData()).toList()).isEmpty();
    }
}
