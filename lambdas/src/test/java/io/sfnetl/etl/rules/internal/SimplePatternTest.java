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

    // ---------------------------------------------------------------- findAscii: anchored patterns on bytes

    /** Anchored bit-parallel patterns, each with one text it matches: fixed lengths, then runs with loops. */
    private static final String[][] ANCHORED = {
        {"^ORD-[0-9]{6}$", "ORD-004217"}, {"^[A-Z]{3}$", "EUR"}, {"^a.b$", "a-b"}, {"^a$", "a"},
        {"^\\d{3}-\\d{2}$", "123-45"}, {"^.{8}$", "abcdefgh"}, {"^[^,]{2}[a-c]{3}$", "z9abc"},
        {"^\\S{64}$", "s".repeat(64)}, {"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "2024-01-05"}, {"^\\s\\w\\W$", " a!"},
        {"^x+$", "xxx"}, {"^x+y$", "xxy"}, {"^[a-c]+-[0-9]{2,}$", "abc-123"}, {"^x[0-9]+y{2}$", "x12yy"},
        {"^\\w+@\\w+$", "ab@cd"}, {"^.+$", "q"}, {"^a{2,}a$", "aaa"}, {"^[A-Z]{2}[0-9]+$", "AB1"},
        // fixed lengths of one range a position, tested a word at a time: up to 8, 9 to 16 (two words), longer
        {"^X[0-9]{8}$", "X20241231"}, {"^[A-Z]{2}[0-9]{3}[a-z]{3}[0-9]{4}$", "AB123xyz2024"}, {"^[a-z]{16}$",
            "abcdefghijklmnop"}, {"^[ -~]{17}$", "seventeen chars!!"}, {"^[!-/]{2}$", "#%"}};
    private static final String NOISE = "~ \t\n\r\u0000\u007F,!aAbxyzq-@09ORD:/[`{";   // and the neighbours of ranges

    /** A text near {@code match}: the match itself, or with one character replaced, inserted, removed or repeated. */
    private static String nearMatch(java.util.SplittableRandom r, String match) {
        StringBuilder sb = new StringBuilder(match);
        int edits = r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(2);
        for (int e = 0; e < edits; e++) {
            int at = r.nextInt(sb.length() + 1);
            char c = r.nextBoolean() ? NOISE.charAt(r.nextInt(NOISE.length()))
                    : match.charAt(r.nextInt(match.length()));
            switch (r.nextInt(4)) {
                case 0 -> sb.insert(at, c);
                case 1 -> {
                    if (at < sb.length()) {
                        sb.setCharAt(at, c);
                    }
                }
                case 2 -> {
                    if (at < sb.length()) {
                        sb.deleteCharAt(at);
                    }
                }
                default -> sb.insert(at, sb.substring(at, Math.min(sb.length(), at + 1 + r.nextInt(3))));
            }
        }
        return sb.toString();
    }

    @Test
    void findAscii_anchoredPatternsNearMatches_sameAnswerAsTheRegex() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(17);
        for (String[] p : ANCHORED) {
            SimplePattern simple = SimplePattern.compile(p[0]);
            assertThat(simple).as(p[0]).isNotNull();
            assertThat(simple.bitParallel()).as(p[0]).isTrue();
            Pattern pattern = Pattern.compile(p[0]);
            assertThat(pattern.matcher(p[1]).find()).as("%s matches %s", p[0], p[1]).isTrue();
            int matched = 0;
            int decided = 0;
            for (int k = 0; k < 3000; k++) {
                String t = nearMatch(r, p[1]);
                // bytes around the value that would extend or complete a match: findAscii must not read them
                String before = k % 3 == 0 ? "" : p[1].substring(0, r.nextInt(p[1].length() + 1));
                String after = k % 3 == 0 ? "" : p[1].substring(r.nextInt(p[1].length() + 1));
                byte[] b = (before + t + after).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                int from = before.length();
                int to = from + t.length();
                boolean expected = pattern.matcher(t).find();
                int found = simple.findAscii(b, from, to, false);
                if (t.indexOf('\n') >= 0 || t.indexOf('\r') >= 0) {
                    assertThat(found).as("'%s' on '%s' with a line break", p[0], t).isEqualTo(SimplePattern.UNDECIDED);
                } else {
                    decided++;
                    assertThat(found == 1).as("'%s' on '%s'", p[0], t).isEqualTo(expected);
                    matched += expected ? 1 : 0;
                }
                if (t.chars().allMatch(c -> c >= 0x20)) {
                    assertThat(simple.findAscii(b, from, to, true) == 1).as("'%s' on '%s' without control chars",
                            p[0], t).isEqualTo(expected);
                }
            }
            assertThat(matched).as("%s: matches among the texts", p[0]).isGreaterThan(300);
            assertThat(decided - matched).as("%s: misses among the texts", p[0]).isGreaterThan(300);
        }
    }

    @Test
    void findAscii_anchoredPatternsRandomTexts_sameAnswerAsTheRegex() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(18);
        for (String[] p : ANCHORED) {
            SimplePattern simple = SimplePattern.compile(p[0]);
            Pattern pattern = Pattern.compile(p[0]);
            String alphabet = p[1] + NOISE.replace("\n", "").replace("\r", "");
            for (int k = 0; k < 2000; k++) {
                StringBuilder sb = new StringBuilder();
                int n = r.nextInt(p[1].length() + 3);
                for (int j = 0; j < n; j++) {
                    sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
                }
                String t = sb.toString();
                byte[] b = ("@" + t + p[1]).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                int found = simple.findAscii(b, 1, 1 + t.length(), t.chars().allMatch(c -> c >= 0x20));
                assertThat(found == 1).as("'%s' on '%s'", p[0], t).isEqualTo(pattern.matcher(t).find());
            }
        }
    }

    @Test
    void findAscii_earlyExitOnFirstMismatch_noMatchLaterInTheText() {
        SimplePattern loops = SimplePattern.compile("^x+y$");
        byte[] b = "zxxy".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        assertThat(loops.findAscii(b, 0, b.length, true)).as("anchored at the start: no later start").isZero();
        assertThat(loops.findAscii(b, 1, b.length, true)).isEqualTo(1);
        assertThat(SimplePattern.compile("x+y$").findAscii(b, 0, b.length, true)).as("unanchored start").isEqualTo(1);
        SimplePattern fixed = SimplePattern.compile("^[A-Z]{3}$");
        byte[] three = "xABCD".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(fixed.findAscii(three, 1, 4, true)).isEqualTo(1);
        assertThat(fixed.findAscii(three, 1, 5, true)).isZero();
        assertThat(fixed.findAscii(three, 0, 3, true)).isZero();
        assertThat(fixed.findAscii(three, 2, 2, true)).as("empty").isZero();
    }

    /**
     * A position whose class holds no ASCII char at all ({@code [^NUL-DEL]}, written with the literal chars, as a spec
     * may): no ASCII byte matches there, as the regex says, the NUL byte included.
     */
    @Test
    void findAscii_positionWithoutAsciiMembers_noAsciiByteMatches() {
        String regex = "^[^\u0000-\u007F]a$";
        SimplePattern simple = SimplePattern.compile(regex);
        assertThat(simple).isNotNull();
        Pattern pattern = Pattern.compile(regex);
        for (int c = 0; c < 128; c++) {
            if (c == '\n' || c == '\r') {
                continue;
            }
            String t = (char) c + "a";
            byte[] b = (t + "xxxxxxxx").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(simple.findAscii(b, 0, 2, false) == 1).as("byte %d", c).isEqualTo(pattern.matcher(t).find());
        }
    }

    /** The word test of a short fixed-length pattern reads past the value: bytes of 0x80 and above there count not. */
    @Test
    void findAscii_shortFixedPatternBeforeHighBytes_matchesAsTheRegex() {
        SimplePattern three = SimplePattern.compile("^[A-Z]{3}$");
        byte[] b = {'E', 'U', 'R', (byte) 0xE9, (byte) 0xFF, (byte) 0x80, (byte) 0xE9, (byte) 0xE9, (byte) 0xE9};
        assertThat(three.findAscii(b, 0, 3, true)).isEqualTo(1);
        b[1] = 'u';
        assertThat(three.findAscii(b, 0, 3, true)).isZero();
    }
}
