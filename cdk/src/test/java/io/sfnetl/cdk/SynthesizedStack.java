package io.sfnetl.cdk;

import io.sfnetl.cdk.config.PipelineSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Template;

/**
 * One synthesized app per test configuration, shared by every test in the JVM (a synth takes seconds): the stack,
 * its template and its cdk-nag annotations. The output goes to a temporary directory.
 */
final class SynthesizedStack {

    static final Path REPO_ROOT = EtlApp.findRepoRoot(Path.of("").toAbsolutePath());
    static final Path TEST_CONFIG = REPO_ROOT.resolve("cdk/src/test/resources/pipeline.json");

    private static final Map<String, SynthesizedStack> CACHE = new ConcurrentHashMap<>();

    final PipelineSettings settings;
    final EtlStack stack;
    final Template template;
    final Annotations annotations;
    /** Where the app was synthesized (the template and the staged assets, {@code asset.<hash>.<ext>}). */
    final Path outdir;

    private SynthesizedStack(Path config, String stage) {
        settings = PipelineSettings.load(REPO_ROOT, config);
        try {
            outdir = Files.createTempDirectory("sfn-etl-cdk-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> context = new HashMap<>(cdkJsonContext());
        context.put("stage", stage);
        App app = new App(AppProps.builder().outdir(outdir.toString()).context(context).build());
        stack = EtlApp.compose(app, REPO_ROOT, settings);
        template = Template.fromStack(stack);
        annotations = Annotations.fromStack(stack);
    }

    /** The staged file of the file asset whose S3 object key is {@code key} (e.g. {@code <hash>.json}). */
    Path asset(String key) {
        Path file = outdir.resolve("asset." + key);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("no staged asset " + file);
        }
        return file;
    }

    /** The context of the repository's cdk.json (feature flags), so tests synthesize as {@code cdk synth} does. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> cdkJsonContext() {
        try {
            return new ObjectMapper().readValue(REPO_ROOT.resolve("cdk.json").toFile(), Map.class)
                    .get("context") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stack from {@code cdk/src/test/resources/pipeline.json}, stage "test". */
    static SynthesizedStack standard() {
        return of(TEST_CONFIG, "test");
    }

    static synchronized SynthesizedStack of(Path config, String stage) {
        return CACHE.computeIfAbsent(config + "|" + stage, k -> new SynthesizedStack(config, stage));
    }
}
