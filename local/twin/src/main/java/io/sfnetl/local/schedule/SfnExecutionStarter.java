package io.sfnetl.local.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;

/**
 * {@link ExecutionStarter} over the AWS SDK's {@link SfnClient}: the same code for the twin's Step Functions API and
 * for AWS. {@code ExecutionAlreadyExists} (AWS's answer to a reused name of a STANDARD execution) means the fire was
 * started already. The client is not closed here.
 */
public final class SfnExecutionStarter implements ExecutionStarter {
    private final SfnClient sfn;
    private final String stateMachineArn;
    /**
     * Inputs by execution ARN: an execution's input never changes, and the console asks for the past runs on every
     * poll; without this each poll made one DescribeExecution per execution of the window. Holds only the ARNs of
     * the last complete listing.
     */
    private final Map<String, String> inputs = new ConcurrentHashMap<>();

    public SfnExecutionStarter(SfnClient sfn, String stateMachineArn) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
    }

    @Override
    public StartOutcome start(String name, String input) {
        try {
            return new StartOutcome.Started(sfn.startExecution(b -> b.stateMachineArn(stateMachineArn).name(name)
                    .input(input)).executionArn());
        } catch (ExecutionAlreadyExistsException e) {
            return new StartOutcome.AlreadyExists(executionArn(name));
        }
    }

    @Override
    public String status(String executionArn) {
        return sfn.describeExecution(b -> b.executionArn(executionArn)).statusAsString();
    }

    @Override
    public List<PastExecution> executionsSince(Instant since) {
        List<PastExecution> out = new ArrayList<>();
        String token = null;
        listing:
        do {
            String next = token;
            ListExecutionsResponse page = sfn.listExecutions(b -> b.stateMachineArn(stateMachineArn).nextToken(next));
            for (ExecutionListItem e : page.executions()) {
                if (e.startDate().isBefore(since)) {
                    break listing; // newest first: the rest is older
                }
                String input = inputs.computeIfAbsent(e.executionArn(),
                        arn -> sfn.describeExecution(b -> b.executionArn(arn)).input());
                out.add(new PastExecution(e.name(), e.executionArn(), e.statusAsString(), e.startDate(), input));
            }
            token = page.nextToken();
        } while (token != null);
        Set<String> listed = new HashSet<>();
        out.forEach(e -> listed.add(e.executionArn()));
        inputs.keySet().retainAll(listed);
        return out;
    }

    /** {@code arn:...:stateMachine:NAME} to {@code arn:...:execution:NAME:EXECUTION}. */
    String executionArn(String name) {
        return stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + name;
    }
}
