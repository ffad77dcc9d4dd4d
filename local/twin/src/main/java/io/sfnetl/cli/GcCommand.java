package io.sfnetl.cli;

import io.sfnetl.local.jobs.GarbageCollector;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code etl gc --older-than 14d [--dry-run]}: housekeeping of finished runs' staging, manifests and results. */
@Command(name = "gc", mixinStandardHelpOptions = true,
        description = {"Delete the staging parts, manifests and Map results of finished runs that ended before the "
                + "cutoff. Never touches a running run, nor a failed run that can still be redriven (14 days). "
                + "Rejects stay (etl reprocess needs them; the bucket's lifecycle expires them)."})
public final class GcCommand implements Callable<Integer> {
    private static final Pattern AGE = Pattern.compile("(\\d+)([dhm])");

    @Mixin
    JobsTarget target;

    @Option(names = "--older-than", required = true, converter = AgeConverter.class,
            description = "Age of the runs to collect: e.g. 14d, 36h, 90m.")
    Duration olderThan;

    @Option(names = "--dry-run", description = "Only list what would be deleted.")
    boolean dryRun;

    /** {@code 14d}, {@code 36h}, {@code 90m}, or ISO-8601 {@code P14D}. */
    static final class AgeConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Matcher m = AGE.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "d" -> Duration.ofDays(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofMinutes(n);
                };
            }
            try {
                return Duration.parse(value);
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not an age; use e.g. 14d, 36h, "
                        + "90m or P14D");
            }
        }
    }

    @Override
    public Integer call() {
        GarbageCollector.Report report;
        try (JobsTarget.Stores stores = target.open()) {
            report = new GarbageCollector(stores.s3(), stores.dynamo(), stores.jobsTable(), stores.bucket())
                    .collect(olderThan, Instant.now(), dryRun);
        }
        String verb = dryRun ? "would delete" : "deleted";
        report.collected().forEach(c -> System.out.printf(Locale.ROOT, "%s %d objects of %s (%s, ended %s)%n", verb,
                c.objects(), c.run(), c.status(), c.endedAt()));
        report.kept().forEach(k -> System.err.printf(Locale.ROOT, "kept %s (%s): %s%n", k.run(), k.status(),
                k.reason()));
        System.err.printf(Locale.ROOT, "etl gc: %d run(s) %s, %d kept%n", report.collected().size(),
                dryRun ? "to collect" : "collected", report.kept().size());
        return ExitCodes.OK;
    }
}
