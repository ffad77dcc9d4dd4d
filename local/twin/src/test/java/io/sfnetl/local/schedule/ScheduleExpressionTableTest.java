package io.sfnetl.local.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the checked-in tables {@code schedule/expressions.psv} (expressions and their next fire times, worked out from
 * the EventBridge documentation) and {@code schedule/invalid-expressions.psv}.
 */
class ScheduleExpressionTableTest {

    static Stream<Arguments> valid() throws IOException {
        return rows("/schedule/expressions.psv").stream().map(r -> Arguments.of(r[0], r[1], r[2], r[3], r[4], r[5]));
    }

    static Stream<Arguments> invalid() throws IOException {
        return rows("/schedule/invalid-expressions.psv").stream().map(r -> Arguments.of(r[0], r[1], r[2]));
    }

    @ParameterizedTest(name = "[{index}] {0} in {1} after {3}")
    @MethodSource("valid")
    void next_documentedExpression_firesAtTheTimesInTheTable(String expression, String zone, String start,
                                                              String after, String expected, String source) {
        ZoneId z = ZoneId.of(zone);
        ScheduleExpression e = ScheduleExpression.parse(expression);
        Instant startAt = start.equals("-") ? Instant.EPOCH : time(start, z);
        List<OffsetDateTime> fires = new ArrayList<>();
        Instant cursor = time(after, z);
        int wanted = expected.equals("none") ? 1 : expected.split("\\s+").length;
        for (int i = 0; i < wanted; i++) {
            Optional<ZonedDateTime> next = e.next(cursor, z, startAt);
            if (next.isEmpty()) {
                break;
            }
            fires.add(next.get().toOffsetDateTime());
            cursor = next.get().toInstant();
        }
        List<OffsetDateTime> want = expected.equals("none") ? List.of()
                : Arrays.stream(expected.split("\\s+")).map(OffsetDateTime::parse).toList();
        assertThat(fires).as("%s (%s)", expression, source).isEqualTo(want);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalid")
    void parse_invalidExpression_failsWithEventBridgesMessageAndThePosition(String expression, String fragment,
                                                                            String source) {
        assertThatThrownBy(() -> ScheduleExpression.parse(expression))
                .as(source)
                .isInstanceOf(InvalidScheduleExpressionException.class)
                .hasMessageStartingWith("Invalid Schedule Expression " + expression.trim() + ". ")
                .hasMessageContaining(fragment);
    }

    @Test
    void tables_haveTheRowsTheIssueAsksFor() throws IOException {
        assertThat(rows("/schedule/expressions.psv")).hasSizeGreaterThanOrEqualTo(40)
                .allSatisfy(r -> assertThat(r[5]).isNotBlank());
        assertThat(rows("/schedule/expressions.psv")).filteredOn(r -> r[5].contains("DST")).hasSizeGreaterThanOrEqualTo(8);
    }

    /** A local date-time in the zone, or an ISO offset date-time (for the hour that happens twice). */
    private static Instant time(String text, ZoneId zone) {
        if (text.length() > 19 && (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$"))) {
            return OffsetDateTime.parse(text).toInstant();
        }
        return ZonedDateTime.of(LocalDateTime.parse(text), zone).toInstant();
    }

    private static List<String[]> rows(String resource) throws IOException {
        try (InputStream in = ScheduleExpressionTableTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> Arrays.stream(l.split("\\|")).map(String::trim).toArray(String[]::new))
                    .toList();
        }
    }
}
