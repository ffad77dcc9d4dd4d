package io.sfnetl.local.twin;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfnetl.local.api.SfnClients;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * A twin on disk stopped with executions in flight and started again ({@code etl local up} twice): the journal brings
 * back the ended executions for DescribeExecution and the running ones continue, all through the API.
 */
class TwinServerResumeIT {
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final String ROLE = "arn:aws:iam::000000000000:role/r";

    private static TwinServer up(Path dir) {
        return TwinServer.start(new TwinServer.Options(new LocalTwin.Options(ROOT, dir, 1), 0, 1, null, dir));
    }

    @Test
    void resumeJournal_afterStop_endedExecutionsDescribedAndRunningOnesContinue(@TempDir Path dir) throws Exception {
        String done;
        String waiting;
        try (TwinServer first = up(dir); SfnClient sfn = SfnClients.local(first.server().endpoint())) {
            assertThat(first.resumeJournal()).isEmpty();
            String pass = sfn.createStateMachine(b -> b.name("quick").roleArn(ROLE)
                    .definition("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}"))
                    .stateMachineArn();
            String wait = sfn.createStateMachine(b -> b.name("slow").roleArn(ROLE).definition("{\"StartAt\":\"W\","
                    + "\"States\":{\"W\":{\"Type\":\"Wait\",\"SecondsPath\":\"$.s\",\"Next\":\"P\"},"
                    + "\"P\":{\"Type\":\"Pass\",\"Result\":\"resumed\",\"End\":true}}}")).stateMachineArn();
            done = sfn.startExecution(b -> b.stateMachineArn(pass).name("done").input("{\"a\":1}")).executionArn();
            waiting = sfn.startExecution(b -> b.stateMachineArn(wait).name("waiting").input("{\"s\":4}")).executionArn();
            awaitStatus(sfn, done, ExecutionStatus.SUCCEEDED);
            assertThat(sfn.describeExecution(b -> b.executionArn(waiting)).status()).isEqualTo(ExecutionStatus.RUNNING);
        }
        try (TwinServer second = up(dir); SfnClient sfn = SfnClients.local(second.server().endpoint())) {
            assertThat(second.resumeJournal()).extracting(e -> e.executionArn()).contains(done, waiting);
            var d = sfn.describeExecution(b -> b.executionArn(done));
            assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(d.input()).isEqualTo("{\"a\":1}");
            awaitStatus(sfn, waiting, ExecutionStatus.SUCCEEDED);
            assertThat(sfn.describeExecution(b -> b.executionArn(waiting)).output()).isEqualTo("\"resumed\"");
        }
    }

    @Test
    void stateMachines_createdUpdatedDeletedThroughTheApi_outliveTheTwin(@TempDir Path dir) throws Exception {
        String pass = "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";
        String result = "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Result\":\"v2\",\"End\":true}}}";
        String kept;
        try (TwinServer first = up(dir); SfnClient sfn = SfnClients.local(first.server().endpoint())) {
            kept = sfn.createStateMachine(b -> b.name("kept").roleArn(ROLE).definition(pass)).stateMachineArn();
            String gone = sfn.createStateMachine(b -> b.name("gone").roleArn(ROLE).definition(pass)).stateMachineArn();
            sfn.updateStateMachine(b -> b.stateMachineArn(kept).definition(result));
            sfn.deleteStateMachine(b -> b.stateMachineArn(gone));
        }
        try (TwinServer second = up(dir); SfnClient sfn = SfnClients.local(second.server().endpoint())) {
            assertThat(sfn.listStateMachines(b -> { }).stateMachines()).extracting(m -> m.name())
                    .contains("kept", TwinServer.ETL_STATE_MACHINE).doesNotContain("gone");
            assertThat(sfn.describeStateMachine(b -> b.stateMachineArn(kept)).definition()).isEqualTo(result);
            String run = sfn.startExecution(b -> b.stateMachineArn(kept).input("{}")).executionArn();
            awaitStatus(sfn, run, ExecutionStatus.SUCCEEDED);
            assertThat(sfn.describeExecution(b -> b.executionArn(run)).output()).isEqualTo("\"v2\"");
        }
    }

    @Test
    void stateMachines_savedFileDamaged_twinRefusesToStartNamingTheFile(@TempDir Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("state-machines"));
        java.nio.file.Files.writeString(dir.resolve("state-machines/broken.json"), "{\"name\":\"broken\"}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> up(dir).close())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broken.json").hasMessageContaining("fix the file or delete it");
    }

    private static void awaitStatus(SfnClient sfn, String arn, ExecutionStatus expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        ExecutionStatus s;
        while ((s = sfn.describeExecution(b -> b.executionArn(arn)).status()) == ExecutionStatus.RUNNING
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(s).isEqualTo(expected);
    }
}
