package io.sfnetl.local.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Cases beside the table: spelling variants, the record types, at() in a gap. */
class ScheduleExpressionTest {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    @Test
    void parse_lowerCaseNamesAndExtraSpaces_sameAsUpperCase() {
        ScheduleExpression lower = ScheduleExpression.parse(" cron( 0  18 ? * mon-fri * ) ");
        ScheduleExpression upper = ScheduleExpression.parse("cron(0 18 ? * MON-FRI *)");
        Instant after = Instant.parse("2026-11-20T19:00:00Z");

        assertThat(lower.next(after, LONDON, Instant.EPOCH)).isEqualTo(upper.next(after, LONDON, Instant.EPOCH));
        assertThat(lower).isInstanceOf(ScheduleExpression.Cron.class);
    }

    @Test
    void parse_namesThatContainLOrW_areNotTakenForWildcards() {
        ScheduleExpression e = ScheduleExpression.parse("cron(0 9 ? JUL WED *)");

        assertThat(e.next(Instant.parse("2026-01-01T00:00:00Z"), ZoneId.of("UTC"), Instant.EPOCH).map(ZonedDateTime::toString))
                .contains("2026-07-01T09:00Z[UTC]");
    }

    @Test
    void parse_rateAndAt_recordTheirValues() {
        assertThat(ScheduleExpression.parse("rate(3 hours)")).isEqualTo(new ScheduleExpression.Rate("rate(3 hours)",
                Duration.ofHours(3)));
        assertThat(((ScheduleExpression.At) ScheduleExpression.parse("at(2026-12-01T05:00:00)")).time())
                .hasToString("2026-12-01T05:00");
    }

    @Test
    void next_atInTheSpringForwardGap_neverFires() {
        ScheduleExpression e = ScheduleExpression.parse("at(2026-03-29T01:30:00)");

        assertThat(e.next(Instant.parse("2026-03-01T00:00:00Z"), LONDON, Instant.EPOCH)).isEqualTo(Optional.empty());
    }

    @Test
    void parse_null_saysWhatToWrite() {
        assertThatThrownBy(() -> ScheduleExpression.parse(null))
                .isInstanceOf(InvalidScheduleExpressionException.class)
                .hasMessageContaining("the expression is missing; use e.g. cron(0 5 * * ? *)");
    }

    @Test
    void next_lastYearPassed_emptyWithoutScanningForever() {
        ScheduleExpression e = ScheduleExpression.parse("cron(0 0 1 1 ? 2199)");

        long t0 = System.nanoTime();
        Optional<ZonedDateTime> last = e.next(Instant.parse("2199-01-01T00:00:00Z"), LONDON, Instant.EPOCH);

        assertThat(last).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    }
}
