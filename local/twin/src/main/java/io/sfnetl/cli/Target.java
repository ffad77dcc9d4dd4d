package io.sfnetl.cli;

import io.sfnetl.cli.ExitCodes.UserError;
import io.sfnetl.local.api.SfnClients;
import io.sfnetl.local.twin.TwinState;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;

/**
 * Where a command sends its Step Functions calls (a picocli mixin): the running local twin by default (found through
 * {@code <data-dir>/twin.json}), AWS with {@code --aws}. Both through an {@link SfnClient} from {@link SfnClients}.
 */
final class Target {
    @Option(names = "--aws", description = "Talk to AWS instead of the local twin (standard credential chain).")
    boolean aws;

    @Option(names = "--region", description = "AWS region (with --aws; default: the SDK's chain, e.g. AWS_REGION).")
    String region;

    @Option(names = "--profile", description = "AWS named profile (with --aws; default: the SDK's chain).")
    String profile;

    @Option(names = "--state-machine-arn", description = "The state machine (default: the twin's sfn-etl; with --aws "
            + "the one state machine named sfn-etl-<stage>-etl).")
    String stateMachineArn;

    @Option(names = "--data-dir", description = "The twin's data directory, where a running twin publishes twin.json "
            + "(default: .etl/ in the repository).")
    Path dataDir;

    /** The twin's state directory: {@code --data-dir} or {@code <home>/.etl}. */
    Path stateDir(Path home) {
        return dataDir != null ? dataDir.toAbsolutePath().normalize() : home.resolve(".etl");
    }

    /** The twin running for this state directory, if any (never with {@code --aws}). */
    Optional<TwinState> runningTwin(Path home) {
        return aws ? Optional.empty() : TwinState.find(stateDir(home));
    }

    /**
     * A connection to AWS or the running twin; fails with a one-line UserError when no twin runs.
     */
    Connection connect(Path home) {
        if (aws) {
            return Connection.aws(SfnClients.aws(region, profile), stateMachineArn);
        }
        TwinState twin = runningTwin(home).orElseThrow(() -> new UserError("no local twin is running for "
                + stateDir(home) + " (no live " + TwinState.FILE + "): start one with './etl local up' in another "
                + "terminal (or pass its --data-dir), or use --aws"));
        return Connection.twin(SfnClients.local(twin.stepFunctions()), twin, stateMachineArn);
    }

    /** An open client and what it targets. */
    static final class Connection implements AutoCloseable {
        private final SfnClient sfn;
        private final TwinState twin;
        private final String explicitMachine;
        private final AutoCloseable owned;

        private Connection(SfnClient sfn, TwinState twin, String explicitMachine, AutoCloseable owned) {
            this.sfn = sfn;
            this.twin = twin;
            this.explicitMachine = explicitMachine;
            this.owned = owned;
        }

        static Connection aws(SfnClient sfn, String machine) {
            return new Connection(sfn, null, machine, null);
        }

        static Connection twin(SfnClient sfn, TwinState twin, String machine) {
            return new Connection(sfn, twin, machine, null);
        }

        /** A connection to a twin this command started itself; closing it stops that twin. */
        static Connection inProcess(SfnClient sfn, TwinState twin, AutoCloseable running) {
            return new Connection(sfn, twin, null, running);
        }

        SfnClient sfn() {
            return sfn;
        }

        /** The twin, or null for AWS. */
        TwinState twin() {
            return twin;
        }

        boolean isAws() {
            return twin == null;
        }

        /** The state machine: {@code --state-machine-arn}, else the twin's ETL machine, else the stack's on AWS. */
        String stateMachineArn() {
            if (explicitMachine != null) {
                return explicitMachine;
            }
            if (twin != null) {
                return twin.stateMachineArn();
            }
            List<StateMachineListItem> etl = sfn.listStateMachinesPaginator(b -> b.maxResults(1000)).stateMachines()
                    .stream().filter(m -> m.name().matches("sfn-etl-.+-etl")).toList();
            if (etl.size() != 1) {
                throw new UserError((etl.isEmpty() ? "no ETL state machine (sfn-etl-<stage>-etl) in this account and "
                        + "region; deploy the stack (npx cdk deploy) or check --region/--profile"
                        : "several ETL state machines: " + etl.stream().map(StateMachineListItem::name).toList())
                        + "; or name one with --state-machine-arn ARN");
            }
            return etl.get(0).stateMachineArn();
        }

        /** An execution ARN as given, or the ARN of the named execution of {@link #stateMachineArn()}. */
        String executionArn(String idOrName) {
            if (idOrName.startsWith("arn:")) {
                return idOrName;
            }
            return stateMachineArn().replaceFirst(":stateMachine:", ":execution:") + ":" + idOrName;
        }

        @Override
        public void close() throws Exception {
            sfn.close();
            if (owned != null) {
                owned.close();
            }
        }
    }
}
