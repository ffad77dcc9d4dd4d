package io.sfnetl.local.lambda;

import io.sfnetl.asl.StatesError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Fault injection for resilience runs ({@code --chaos rate=0.05,errors=Lambda.ServiceException[,seed=N]}): a share
 * of invocations fails before the handler runs, with the error name and cause the Lambda service gives Step Functions,
 * so that the definition's Retry policy sees exactly what it would see on AWS. Several errors are separated by
 * {@code |} and drawn uniformly. Thread-safe; with a seed the sequence of draws is reproducible (which invocation
 * gets which draw still depends on the scheduling of concurrent invocations).
 *
 * @param rate the probability that an invocation fails, from 0 to 1
 * @param errors the error names to fail with (Lambda service errors)
 * @param seed the random seed, or null for a random one
 */
public record Chaos(double rate, List<String> errors, Long seed) {
    /** The Lambda service errors the injector knows, with the HTTP status and message AWS reports for each. */
    static final Map<String, String[]> KNOWN = Map.of(
            "Lambda.ServiceException", new String[] {"500", "ServiceException", "Internal error in the Lambda service"},
            "Lambda.AWSLambdaException", new String[] {"502", "AWSLambdaException", "Lambda was unable to process the request"},
            "Lambda.TooManyRequestsException", new String[] {"429", "TooManyRequestsException", "Rate Exceeded."},
            "Lambda.SdkClientException", new String[] {null, null, "Unable to execute HTTP request: Connection reset"});

    /** No faults. */
    public static final Chaos NONE = new Chaos(0, List.of("Lambda.ServiceException"), 0L);

    public Chaos {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("--chaos: rate must be a number from 0 to 1, not " + rate);
        }
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("--chaos: errors must name at least one of " + KNOWN.keySet());
        }
        for (String e : errors) {
            if (!KNOWN.containsKey(e)) {
                throw new IllegalArgumentException("--chaos: unknown error '" + e + "'; use one or more of "
                        + new java.util.TreeSet<>(KNOWN.keySet()) + " separated by |");
            }
        }
        errors = List.copyOf(errors);
    }

    /**
     * Parses {@code rate=R,errors=E1|E2[,seed=N]} (errors default to Lambda.ServiceException).
     *
     * @throws IllegalArgumentException naming the part that is wrong and the expected form
     */
    public static Chaos parse(String spec) {
        double rate = -1;
        List<String> errors = List.of("Lambda.ServiceException");
        Long seed = null;
        for (String part : spec.split(",")) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? part.trim() : part.substring(0, eq).trim();
            String value = eq < 0 ? "" : part.substring(eq + 1).trim();
            try {
                switch (key) {
                    case "rate" -> rate = Double.parseDouble(value);
                    case "errors" -> errors = new ArrayList<>(List.of(value.split("\\|")));
                    case "seed" -> seed = Long.parseLong(value);
                    default -> throw new IllegalArgumentException("--chaos: unknown key '" + key
                            + "' in '" + spec + "'; expected rate=R,errors=E1|E2[,seed=N]");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--chaos: '" + value + "' is not a number for " + key + " in '" + spec
                        + "'; expected rate=R,errors=E1|E2[,seed=N]", e);
            }
        }
        if (rate < 0) {
            throw new IllegalArgumentException("--chaos: rate is missing in '" + spec
                    + "'; expected rate=R,errors=E1|E2[,seed=N], e.g. rate=0.05,errors=Lambda.ServiceException");
        }
        return new Chaos(rate, errors, seed);
    }

    /** Draws for one invocation. */
    public Injector injector() {
        return new Injector(this, seed == null ? new Random() : new Random(seed));
    }

    /** The stateful part: the random source. */
    public static final class Injector {
        private final Chaos chaos;
        private final Random random;
        private long drawn;
        private long injected;

        Injector(Chaos chaos, Random random) {
            this.chaos = chaos;
            this.random = random;
        }

        /** How many invocations were drawn for, and how many of them failed: {@code [drawn, injected]}. */
        public long[] counts() {
            synchronized (random) {
                return new long[] {drawn, injected};
            }
        }

        /**
         * Throws the injected error for an invocation of {@code function}, or returns when this invocation goes through.
         *
         * @throws StatesError the Lambda service error, shaped as Step Functions reports it for {@code lambda:invoke}
         */
        public void maybeFail(String function) {
            String error;
            synchronized (random) {
                drawn++;
                if (chaos.rate() == 0 || random.nextDouble() >= chaos.rate()) {
                    return;
                }
                injected++;
                error = chaos.errors().get(random.nextInt(chaos.errors().size()));
            }
            String[] shape = KNOWN.get(error);
            String cause = shape[0] == null ? shape[2] + " (injected by --chaos, function " + function + ")"
                    : String.format(Locale.ROOT, "%s (injected by --chaos, function %s) (Service: Lambda, Status Code: %s, "
                            + "Error Code: %s, Request ID: %s)", shape[2], function, shape[0], shape[1], UUID.randomUUID());
            throw new StatesError(error, cause);
        }
    }
}
