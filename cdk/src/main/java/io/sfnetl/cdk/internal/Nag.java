package io.sfnetl.cdk.internal;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import software.constructs.IConstruct;

/**
 * cdk-nag suppressions, each for one rule on one construct (and its children) with the reason it does not apply.
 * A suppression that names findings ({@code appliesTo}) hides only those: a new wildcard elsewhere still fails.
 */
public final class Nag {

    private Nag() {
    }

    /** Suppresses {@code rule} on {@code construct} and its children. */
    public static void suppress(IConstruct construct, String rule, String reason) {
        NagSuppressions.addResourceSuppressions(construct,
                List.of(NagPackSuppression.builder().id(rule).reason(reason).build()), true);
    }

    /**
     * Suppresses only the findings of {@code rule} whose finding id matches one of {@code findingRegexes} (cdk-nag
     * finding ids look like {@code Resource::<DataBucketE3889A50.Arn>/staging/*} or {@code Action::s3:GetObject*}).
     */
    public static void suppressFindings(IConstruct construct, String rule, String reason, List<String> findingRegexes) {
        List<Object> appliesTo = findingRegexes.stream()
                .<Object>map(r -> RegexAppliesTo.builder().regex("/" + r + "/").build())
                .toList();
        NagSuppressions.addResourceSuppressions(construct,
                List.of(NagPackSuppression.builder().id(rule).reason(reason).appliesTo(appliesTo).build()), true);
    }
}
