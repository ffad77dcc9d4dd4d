package io.sfnetl.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfnetl.asl.Engine;
import io.sfnetl.asl.Execution;
import io.sfnetl.asl.StateMachine;
import io.sfnetl.asl.TaskInvoker;
import io.sfnetl.local.api.SfnClients;
import io.sfnetl.local.api.StepFunctionsServer;
import io.sfnetl.local.api.StepFunctionsService;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.SyncExecutionStatus;

/**
 * Executions per second through the twin's Step Functions API, driven by the AWS SDK's {@link SfnClient} as a user's
 * code would, for a short workflow (Pass, Choice, Pass, Succeed: 4 transitions):
 * <ul>
 *   <li>StartExecution + wait (DescribeExecution polled every millisecond) on a STANDARD machine;</li>
 *   <li>StartSyncExecution (one call) on the same definition as an EXPRESS machine;</li>
 * </ul>
 * each with 1 client thread and with {@code --clients} threads (one SfnClient each), after a warm-up. The baseline is
 * the engine called in-process ({@code Engine.start} + {@code await}) in the same run: the ratio is the price of the
 * API (HTTP, JSON, the SDK). Usage: {@code bench/run api [--executions 2000] [--clients 8] [--warmup 500]}.
 */
public final class ApiBench {
    private static final String DEFINITION = "{\"StartAt\":\"Prepare\",\"States\":{"
            + "\"Prepare\":{\"Type\":\"Pass\",\"Result\":{\"n\":1},\"ResultPath\":\"$.p\",\"Next\":\"Route\"},"
            + "\"Route\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.p.n\",\"NumericEquals\":1,\"Next\":\"Work\"}],"
            + "\"Default\":\"Done\"},"
            + "\"Work\":{\"Type\":\"Pass\",\"Parameters\":{\"id.$\":\"$.id\",\"ok\":true},\"Next\":\"Done\"},"
            + "\"Done\":{\"Type\":\"Succeed\"}}}";
    private static final String ROLE = "arn:aws:iam::000000000000:role/bench";

    private ApiBench() {
    }

    private record Result(String label, int clients, int executions, double seconds, long[] latenciesNanos) {
        double perSecond() {
            return executions / seconds;
        }

        String line(double baseline) {
            long[] l = latenciesNanos.clone();
            Arrays.sort(l);
            return String.format(Locale.ROOT, "| %-38s | %2d | %6d | %8.0f | %6.2f | %6.2f | %s |", label, clients,
                    executions, perSecond(), l[l.length / 2] / 1e6, l[(int) (l.length * 0.99)] / 1e6,
                    baseline > 0 ? String.format(Locale.ROOT, "%.2f", perSecond() / baseline) : "-");
        }
    }

    @FunctionalInterface
    private interface Run {
        void once(int client, int i) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int executions = intArg(args, "--executions", 2000);
        int clients = intArg(args, "--clients", 8);
        int warmup = intArg(args, "--warmup", 500);
        TaskInvoker none = TaskInvoker.unavailable();
        StepFunctionsService service = new StepFunctionsService(new StepFunctionsService.Config(
                () -> Engine.builder().taskInvoker(none), none, null, "us-east-1", "000000000000", null));
        Engine engine = Engine.builder().taskInvoker(none).build();
        StateMachine machine = StateMachine.parse(DEFINITION).withName("direct");
        ObjectMapper json = new ObjectMapper();
        try (StepFunctionsServer server = StepFunctionsServer.start(service, 0)) {
            List<SfnClient> sfn = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                sfn.add(SfnClients.local(server.endpoint()));
            }
            String standard = sfn.get(0).createStateMachine(b -> b.name("bench").definition(DEFINITION).roleArn(ROLE))
                    .stateMachineArn();
            String express = sfn.get(0).createStateMachine(b -> b.name("bench-express").definition(DEFINITION)
                    .roleArn(ROLE).type(StateMachineType.EXPRESS)).stateMachineArn();
            AtomicInteger seq = new AtomicInteger();

            Run direct = (c, i) -> {
                Execution e = engine.start(machine, "d-" + seq.incrementAndGet(), json.readTree("{\"id\":" + i + "}"));
                e.await();
                check(e.status().name());
            };
            Run startAndWait = (c, i) -> {
                SfnClient client = sfn.get(c);
                String arn = client.startExecution(b -> b.stateMachineArn(standard).name("e-" + seq.incrementAndGet())
                        .input("{\"id\":" + i + "}")).executionArn();
                while (true) {
                    ExecutionStatus s = client.describeExecution(b -> b.executionArn(arn)).status();
                    if (s != ExecutionStatus.RUNNING) {
                        check(s.toString());
                        break;
                    }
                    Thread.sleep(1);
                }
            };
            Run sync = (c, i) -> {
                SyncExecutionStatus s = sfn.get(c).startSyncExecution(b -> b.stateMachineArn(express)
                        .input("{\"id\":" + i + "}")).status();
                check(s.toString());
            };

            System.out.printf(Locale.ROOT, "ApiBench: %d executions per case after %d warm-up, %d cores, load %.2f, %s%n",
                    executions, warmup, Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.version());
            System.out.println("| case | clients | executions | executions/s | p50 ms | p99 ms | vs engine in-process |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|");
            for (int threads : new int[] {1, clients}) {
                Result base = measure("engine in-process (Engine.start+await)", threads, executions, warmup, direct);
                System.out.println(base.line(0));
                System.out.println(measure("API: StartExecution + DescribeExecution", threads, executions, warmup,
                        startAndWait).line(base.perSecond()));
                System.out.println(measure("API: StartSyncExecution (EXPRESS)", threads, executions, warmup, sync)
                        .line(base.perSecond()));
            }
            sfn.forEach(SfnClient::close);
        }
        System.exit(0);
    }

    private static void check(String status) {
        if (!status.equals("SUCCEEDED")) {
            throw new IllegalStateException("benchmark execution ended " + status);
        }
    }

    private static Result measure(String label, int clients, int executions, int warmup, Run run) throws Exception {
        runAll(clients, warmup, run, new long[warmup]);
        long[] latencies = new long[executions];
        long t0 = System.nanoTime();
        runAll(clients, executions, run, latencies);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(label, clients, executions, seconds, latencies);
    }

    private static void runAll(int clients, int total, Run run, long[] latencies) throws Exception {
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                        long t = System.nanoTime();
                        run.once(client, i);
                        latencies[i] = System.nanoTime() - t;
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(10, java.util.concurrent.TimeUnit.MINUTES);
            }
        }
    }

    private static int intArg(String[] args, String name, int dflt) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return dflt;
    }
}
