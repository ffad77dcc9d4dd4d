package io.sfnetl.etl.rules.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SimplePatternTest {
    private static final List<String> SIMPLE = List.of(
            "^ORD-[0-9]{6}$", "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", "[0-9]", "^[A-Z]{2,3}$", "^a*b?c+$", "ab\\.c",
            "^\\d{3}-\\d{2,}$", "\\w+@", "^[-a-c_.]+$", "^.{2,4}$", "^[^a-c]*$", "x{0}y", "^$", "", "\\S+\\s\\W",
            "^[\\d\\s]+$", "^a\\$", "b$", "^[a\\]]+$", "^é?$".replace("é", "e"), "a+b+", "^x[0-9]+y{2}", "[ab]{3,}c$",
            ".+", "^.$", "^\\S{64}$");
    private static final List<String> NOT_SIMPLE = List.of(
            "^(a|b)$", "a|b", "^a+?$", "^a++$", "(?i)abc", "\\bword", "\\p{L}+", "[a&&[b]]", "^é$", "a{2}{3}",
            "\\Qa\\E", "(a)\\1", "[]a]", "^[\\S]$");
    private static final char[] ALPHABET = "aAbcxyz019-_.@ $\t\n\r\u0085\u2028é€\uD83D\uDE00ORD6]\\\u000B".toCharArray();

    @Test
    void find_randomTexts_sameAnswerAsTheRegex() {
        Random random = new Random(7);
        for (String regex : SIMPLE) {
            SimplePattern simple = SimplePattern.compile(regex);
            assertThat(simple).as(regex).isNotNull();
            Pattern pattern = Pattern.compile(regex);
            for (int k = 0; k < 20_000; k++) {
                StringBuilder text = new StringBuilder();
                int n = random.nextInt(12);
                for (int j = 0; j < n; j++) {
                    text.append(ALPHABET[random.nextInt(ALPHABET.length)]);
                }
                String t = k % 3 == 0 ? "ORD-" + random.nextInt(10_000_000) + (k % 2 == 0 ? "" : text) : text.toString();
                int found = simple.find(t);
                if (found != SimplePattern.UNDECIDED) {
                    assertThat(found == 1).as("'%s' on '%s'", regex, t).isEqualTo(pattern.matcher(t).find());
                }
            }
        }
    }

    @Test
    void find_typicalValues_decidedWithoutTheRegex() {
        SimplePattern email = SimplePattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
        assertThat(email.find("ana.lopez@example.co.uk")).isEqualTo(1);
        assertThat(email.find("ana.lopez@example")).isZero();
        assertThat(email.find("a b@c.d")).isZero();
        assertThat(email.find("a@b.c\n")).isEqualTo(SimplePattern.UNDECIDED);
        assertThat(email.bitParallel()).isTrue();
        SimplePattern order = SimplePattern.compile("^ORD-[0-9]{6}$");
        assertThat(order.bitParallel()).isTrue();
        assertThat(SimplePattern.compile("^a*b?c+$").bitParallel()).isFalse();
        assertThat(SimplePattern.compile("^\\S{65}$").bitParallel()).isFalse();
        SimplePattern wide = SimplePattern.compile("^\\S{64}$");
        assertThat(wide.find("x".repeat(64))).isEqualTo(1);
        assertThat(wide.find("x".repeat(63))).isZero();
        assertThat(wide.find("x".repeat(65))).isZero();
        assertThat(SimplePattern.compile("a+b").find("x".repeat(10_000) + "aab")).isEqualTo(1);
        assertThat(order.find("ORD-000123")).isEqualTo(1);
        assertThat(order.find("ORD-00012")).isZero();
        assertThat(order.find("ORD-0001234")).isZero();
    }

    @Test
    void compile_groupsFlagsAndOtherConstructs_null() {
        for (String regex : NOT_SIMPLE) {
            assertThat(SimplePattern.compile(regex)).as(regex).isNull();
        }
    }
}
