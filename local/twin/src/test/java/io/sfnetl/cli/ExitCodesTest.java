package io.sfnetl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfnetl.local.api.StepFunctionsServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;

class ExitCodesTest {
    @Test
    void message_noCredentials_oneLineSayingHowToConfigure() {
        var e = SdkClientException.create("Unable to load credentials from any of the providers in the chain "
                + "AwsCredentialsProviderChain(credentialsProviders=[...]) : [...]\nsecond line");
        assertThat(ExitCodes.message(e)).startsWith("no AWS credentials found").contains("aws configure")
                .doesNotContain("\n").doesNotContain("AwsCredentialsProviderChain");
        assertThat(ExitCodes.of(e)).isEqualTo(ExitCodes.USER_ERROR);
    }

    @Test
    void message_noRegion_saysPassRegion() {
        var e = SdkClientException.create("Unable to load region from any of the providers in the chain ...");
        assertThat(ExitCodes.message(e)).isEqualTo("no AWS region: pass --region or set AWS_REGION");
    }

    @Test
    void message_serviceError_isCodeAndMessageExit2() {
        var e = ExecutionDoesNotExistException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("ExecutionDoesNotExist").errorMessage("Execution Does Not Exist: 'arn:x'").build()).build();
        assertThat(ExitCodes.message(e)).isEqualTo("ExecutionDoesNotExist: Execution Does Not Exist: 'arn:x'");
        assertThat(ExitCodes.of(e)).isEqualTo(ExitCodes.USER_ERROR);
    }

    @Test
    void of_portInUseAndUnexpected_mapTo2And1() {
        assertThat(ExitCodes.of(new StepFunctionsServer.PortInUseException(8083))).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(ExitCodes.of(new IllegalStateException("bug"))).isEqualTo(ExitCodes.UNSUCCESSFUL);
    }
}
