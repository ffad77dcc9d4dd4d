package io.sfnetl.etl.rules.internal;

import io.sfnetl.etl.row.internal.Words;
import java.util.ArrayList;
import java.util.List;

/**
 * A matcher for the simple regular expressions specs mostly use ({@code ^ORD-[0-9]{6}$},
 * {@code ^[^@\s]+@[^@\s]+\.[^@\s]+$}): a sequence of ASCII literals, character classes ({@code [...]},
 * {@code [^...]}, {@code \d \s \w} and their negations, {@code .}), each with an optional greedy quantifier
 * ({@code ? * + {n} {n,} {n,m}}), optionally anchored by {@code ^} and {@code $}. It answers exactly what
 * {@link java.util.regex.Matcher#find()} answers for the same pattern, without a Matcher, for values without line
 * terminators and surrogates; for other values (where {@code $} and {@code .} and code-point matching get subtle)
 * {@link #find} says so and the caller uses the regex. Patterns whose atoms all repeat a fixed or unbounded number of
 * times (the two above) are matched bit-parallel in one pass (Shift-And); others by backtracking. {@link #compile} returns null for anything else (groups,
 * alternation, flags, lazy or possessive quantifiers, back-references, non-ASCII in the pattern, ...).
 * Immutable and thread-safe.
 */
public final class SimplePattern {
    /** {@link #find} answer: use the regular expression for this value. */
    public static final int UNDECIDED = -1;
    /** Longer values go to the regex (backtracking here has no memo). */
    private static final int MAX_LENGTH = 512;

    private final Atom[] atoms;
    private final boolean anchoredStart;
    private final boolean anchoredEnd;

    /** One position of the pattern: the ASCII characters it accepts, whether it accepts others, and how often. */
    private record Atom(boolean[] ascii, boolean nonAscii, int min, int max) {
        boolean accepts(char c) {
            return c < 128 ? ascii[c] : nonAscii;
        }
    }

    /*
     * Bit-parallel form (Shift-And), when every atom repeats a fixed number of times ({n}, n >= 1) or at least n times
     * ({n,}, +) and the expansion has at most 64 states: state bit j set = the first j+1 states matched ending at the
     * current character. One pass, no backtracking. Null masks: use the backtracking matcher.
     */
    private final long[] masks;
    private final long nonAsciiMask;
    private final long loops;
    private final long last;
    /** The number of bit-parallel states (positions of the pattern once expanded). */
    private final int states;

    private SimplePattern(List<Atom> atoms, boolean anchoredStart, boolean anchoredEnd) {
        this.atoms = atoms.toArray(new Atom[0]);
        this.anchoredStart = anchoredStart;
        this.anchoredEnd = anchoredEnd;
        int states = 0;
        boolean shiftAnd = !atoms.isEmpty();
        for (Atom a : atoms) {
            shiftAnd &= a.min() >= 1 && (a.max() == a.min() || a.max() == Integer.MAX_VALUE);
            states += a.min();
        }
        shiftAnd &= states <= 64;
        if (!shiftAnd) {
            rangeWords = null;
            masks = null;
            this.states = 0;
            nonAsciiMask = 0;
            loops = 0;
            last = 0;
            return;
        }
        long[] m = new long[128];
        long non = 0;
        long loop = 0;
        int j = 0;
        for (Atom a : atoms) {
            for (int k = 0; k < a.min(); k++, j++) {
                for (int c = 0; c < 128; c++) {
                    if (a.ascii()[c]) {
                        m[c] |= 1L << j;
                    }
                }
                if (a.nonAscii()) {
                    non |= 1L << j;
                }
            }
            if (a.max() == Integer.MAX_VALUE) {
                loop |= 1L << (j - 1);
            }
        }
        masks = m;
        this.states = states;
        nonAsciiMask = non;
        loops = loop;
        last = 1L << (states - 1);
        rangeWords = loop == 0 && anchoredStart && anchoredEnd && states <= 16 ? rangeWords(m, states) : null;
    }

    /**
     * For a fixed length of at most 16 whose every position accepts one range of ASCII bytes ({@code ORD-[0-9]{6}}),
     * the words that test eight positions at once: {below, above} for the first eight positions, then for the last
     * eight (when longer than eight; they overlap), as {@link Words#inRange} takes them; positions past the pattern
     * accept every byte. Null when a position's set is not one range (or holds no ASCII byte).
     */
    private static long[] rangeWords(long[] m, int states) {
        int[] lo = new int[states];
        int[] hi = new int[states];
        for (int j = 0; j < states; j++) {
            lo[j] = -1;
            for (int c = 0; c < 128; c++) {
                if ((m[c] >>> j & 1) != 0) {
                    if (lo[j] < 0) {
                        lo[j] = c;
                    } else if (hi[j] != c - 1) {
                        return null;   // a gap: not one range
                    }
                    hi[j] = c;
                }
            }
            if (lo[j] < 0) {
                return null;   // no ASCII byte at all (a class of non-ASCII chars only): 0x80 - lo would not fit
            }
        }
        long[] words = new long[4];
        for (int w = 0; w < (states > 8 ? 2 : 1); w++) {
            int first = w == 0 ? 0 : states - 8;
            for (int k = 0; k < 8; k++) {
                int j = first + k;
                int l = j < states ? lo[j] : 0;
                int h = j < states ? hi[j] : 0x7F;
                words[2 * w] |= (long) (0x80 - l) << (8 * k);
                words[2 * w + 1] |= (long) (0x80 - h - 1) << (8 * k);
            }
        }
        return words;
    }

    /** {@link #rangeWords}, or null. */
    private final long[] rangeWords;

    /** True when each byte of the ASCII word {@code w} is in its position's range ({@link #rangeWords}). */
    private static boolean inRanges(long w, long below, long above) {
        return Words.inRange(w, below, above) == Words.HIGHS;
    }

    /** True when {@link #find} runs one bit-parallel pass (no backtracking) for this pattern. */
    boolean bitParallel() {
        return masks != null;
    }

    /** @return the matcher, or null when the pattern is not one of the simple forms (use the regex) */
    public static SimplePattern compile(String regex) {
        try {
            return new Parser(regex).parse();
        } catch (IllegalArgumentException unsupported) {
            return null;
        }
    }

    /**
     * @return 1 when {@code Matcher.find()} would find a match in {@code text}, 0 when not, {@link #UNDECIDED} when the
     *     text holds a line terminator or a surrogate (ask the regex)
     */
    public int find(String text) {
        int n = text.length();
        if (masks != null) {
            return shiftAnd(text, n);
        }
        if (n > MAX_LENGTH) {
            return UNDECIDED;
        }
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029'
                    || (c >= '\uD800' && c <= '\uDFFF')) {
                return UNDECIDED;
            }
        }
        if (anchoredStart) {
            return match(text, 0, 0) ? 1 : 0;
        }
        for (int start = 0; start <= n; start++) {
            if (match(text, 0, start)) {
                return 1;
            }
        }
        return 0;
    }

    /**
     * {@link #find(String)} for a value given as ASCII bytes {@code b[from, to)} (no byte is negative), for
     * bit-parallel patterns only: {@link #UNDECIDED} for others and for values holding a line terminator.
     *
     * @param noControl the caller knows that no byte is below 0x20 (so none is a line terminator)
     */
    public int findAscii(byte[] b, int from, int to, boolean noControl) {
        // kept under the JIT's inlining limit for hot methods (325 bytecodes): the rare forms are methods of their own
        long[] m = masks;
        if (m == null || !noControl && hasLineBreak(b, from, to)) {
            return UNDECIDED;
        }
        if (from == to) {
            return 0;   // every atom repeats at least once: nothing matches the empty text
        }
        long loop = loops;
        if (anchoredStart && anchoredEnd && loop == 0) {   // a fixed length (^ORD-[0-9]{6}$): byte i is state i
            return fixedLength(m, b, from, to);
        }
        if (anchoredStart && anchoredEnd) {   // the common form: one run from the first byte, no restart
            long d = m[b[from] & 0x7F] & 1;
            for (int i = from + 1; i < to && d != 0; i++) {   // no live state: no match can follow
                d = ((d << 1) | (d & loop)) & m[b[i] & 0x7F];   // ASCII: the mask keeps the index provably in range
            }
            return (d & last) != 0 ? 1 : 0;
        }
        return unanchored(m, b, from, to);
    }

    private static boolean hasLineBreak(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n' || b[i] == '\r') {
                return true;
            }
        }
        return false;
    }

    /** {@link #findAscii} of an anchored pattern without loops: byte i is state i. */
    private int fixedLength(long[] m, byte[] b, int from, int to) {
        if (to - from != states) {
            return 0;
        }
        long[] r = rangeWords;
        if (r != null && states > 8) {
            return inRanges(Words.get(b, from), r[0], r[1])
                    && inRanges(Words.get(b, to - 8), r[2], r[3]) ? 1 : 0;
        }
        if (r != null && from + 8 <= b.length) {   // the bytes past the value zeroed: any byte there passes
            return inRanges(Words.get(b, from) & (-1L >>> ((8 - states) << 3)), r[0], r[1]) ? 1 : 0;
        }
        long ok = 1;
        for (int i = 0; i < states; i++) {
            ok &= m[b[from + i]] >>> i;
        }
        return (int) (ok & 1);
    }

    /** {@link #findAscii} of a pattern not anchored at both ends: a match may start at every byte. */
    private int unanchored(long[] m, byte[] b, int from, int to) {
        long loop = loops;
        long d = 0;
        boolean found = false;
        for (int i = from; i < to; i++) {
            long bits = m[b[i]];
            long start = anchoredStart && i > from ? 0 : 1;
            d = (((d << 1) | start) & bits) | (d & loop & bits);
            if ((d & last) != 0) {
                found = true;
            }
        }
        return (anchoredEnd ? (d & last) != 0 : found) ? 1 : 0;
    }

    private int shiftAnd(String text, int n) {
        long[] m = masks;
        long d = 0;
        boolean found = false;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            long b;
            if (c < 128) {
                if (c == '\n' || c == '\r') {
                    return UNDECIDED;
                }
                b = m[c];
            } else {
                if (c == '\u0085' || c == '\u2028' || c == '\u2029' || (c >= '\uD800' && c <= '\uDFFF')) {
                    return UNDECIDED;
                }
                b = nonAsciiMask;
            }
            long start = anchoredStart && i > 0 ? 0 : 1;
            d = (((d << 1) | start) & b) | (d & loops & b);
            if (!anchoredEnd && (d & last) != 0) {
                found = true;   // keep scanning: a line terminator further on leaves the answer to the regex
            }
        }
        return (anchoredEnd ? (d & last) != 0 : found) ? 1 : 0;
    }

    /** True when atoms {@code a..} match {@code text} from {@code at} (to the end when anchored there). */
    private boolean match(String text, int a, int at) {
        if (a == atoms.length) {
            return !anchoredEnd || at == text.length();
        }
        Atom atom = atoms[a];
        int n = text.length();
        int count = 0;
        int limit = Math.min(atom.max(), n - at);
        while (count < limit && atom.accepts(text.charAt(at + count))) {
            count++;
        }
        if (count < atom.min()) {
            return false;
        }
        if (a == atoms.length - 1) {   // last atom: only the longest run can reach the end
            return !anchoredEnd || at + count == n;
        }
        Atom next = atoms[a + 1];
        for (; count >= atom.min(); count--) {   // greedy, backtracking
            int from = at + count;
            // cheap look-ahead: skip positions where the next atom cannot even start
            if (next.min() > 0 && (from == n || !next.accepts(text.charAt(from)))) {
                continue;
            }
            if (match(text, a + 1, from)) {
                return true;
            }
        }
        return false;
    }

    private static final class Parser {
        private final String p;
        private int i;

        Parser(String p) {
            this.p = p;
        }

        SimplePattern parse() {
            boolean start = false;
            boolean end = false;
            int stop = p.length();
            if (stop > 0 && p.charAt(0) == '^') {
                start = true;
                i = 1;
            }
            if (stop > i && p.charAt(stop - 1) == '$' && !escaped(stop - 1)) {
                end = true;
                stop--;
            }
            List<Atom> atoms = new ArrayList<>();
            while (i < stop) {
                boolean[] ascii = new boolean[128];
                boolean nonAscii = set(ascii, stop);
                int min = 1;
                int max = 1;
                if (i < stop) {
                    char q = p.charAt(i);
                    if (q == '?' || q == '*' || q == '+') {
                        i++;
                        min = q == '+' ? 1 : 0;
                        max = q == '?' ? 1 : Integer.MAX_VALUE;
                    } else if (q == '{') {
                        int close = p.indexOf('}', i);
                        if (close < 0 || close >= stop) {
                            throw unsupported();
                        }
                        String body = p.substring(i + 1, close);
                        int comma = body.indexOf(',');
                        min = number(comma < 0 ? body : body.substring(0, comma));
                        max = comma < 0 ? min : comma == body.length() - 1 ? Integer.MAX_VALUE
                                : number(body.substring(comma + 1));
                        if (max < min) {
                            throw unsupported();
                        }
                        i = close + 1;
                    }
                    if (i < stop && (p.charAt(i) == '?' || p.charAt(i) == '+' || p.charAt(i) == '*'
                            || p.charAt(i) == '{')) {
                        throw unsupported(); // lazy, possessive or stacked quantifiers
                    }
                }
                atoms.add(new Atom(ascii, nonAscii, min, max));
            }
            return new SimplePattern(atoms, start, end);
        }

        private boolean escaped(int at) {
            int backslashes = 0;
            for (int k = at - 1; k >= 0 && p.charAt(k) == '\\'; k--) {
                backslashes++;
            }
            return backslashes % 2 == 1;
        }

        private static int number(String s) {
            if (s.isEmpty() || s.length() > 6 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw unsupported();
            }
            return Integer.parseInt(s);
        }

        /** Reads one literal or class into {@code ascii}; @return whether non-ASCII characters match */
        private boolean set(boolean[] ascii, int stop) {
            char c = p.charAt(i++);
            switch (c) {
                case '[' -> {
                    return bracket(ascii, stop);
                }
                case '\\' -> {
                    if (i >= stop) {
                        throw unsupported();
                    }
                    return escape(p.charAt(i++), ascii);
                }
                case '.' -> {
                    java.util.Arrays.fill(ascii, true);
                    ascii['\n'] = false;
                    ascii['\r'] = false;
                    return true;
                }
                case '(', ')', '|', '^', '$', '?', '*', '+', '{', '}', ']' -> throw unsupported();
                default -> {
                    if (c >= 128) {
                        throw unsupported();
                    }
                    ascii[c] = true;
                    return false;
                }
            }
        }

        /** After {@code [}: a class up to {@code ]}. */
        private boolean bracket(boolean[] ascii, int stop) {
            boolean negate = i < stop && p.charAt(i) == '^';
            if (negate) {
                i++;
            }
            boolean[] members = new boolean[128];
            boolean first = true;
            while (true) {
                if (i >= stop) {
                    throw unsupported();
                }
                char c = p.charAt(i++);
                if (c == ']') {
                    if (first) {
                        throw unsupported();
                    }
                    break;
                }
                first = false;
                if (c == '[' || (c == '&' && i < stop && p.charAt(i) == '&') || c >= 128) {
                    throw unsupported();
                }
                if (c == '\\') {
                    if (i >= stop) {
                        throw unsupported();
                    }
                    char e = p.charAt(i++);
                    if (Character.isLetterOrDigit(e)) {
                        if (escape(e, members)) {
                            throw unsupported(); // a negated shorthand inside a class
                        }
                        continue;
                    }
                    c = e;
                }
                if (i + 1 < stop && p.charAt(i) == '-' && p.charAt(i + 1) != ']') {
                    char to = p.charAt(i + 1);
                    if (to == '\\' || to == '[' || to >= 128 || to < c) {
                        throw unsupported();
                    }
                    for (char k = c; k <= to; k++) {
                        members[k] = true;
                    }
                    i += 2;
                } else {
                    members[c] = true;
                }
            }
            for (int k = 0; k < 128; k++) {
                ascii[k] = members[k] != negate;
            }
            return negate;
        }

        /** A backslash escape: {@code \d \s \w} (and upper-case negations) or an escaped punctuation character. */
        private boolean escape(char e, boolean[] ascii) {
            boolean negate = Character.isUpperCase(e);
            boolean[] members = new boolean[128];
            switch (Character.toLowerCase(e)) {
                case 'd' -> {
                    for (char k = '0'; k <= '9'; k++) {
                        members[k] = true;
                    }
                }
                case 's' -> {
                    for (char k : new char[] {' ', '\t', '\n', 0x0B, '\f', '\r'}) {
                        members[k] = true;
                    }
                }
                case 'w' -> {
                    for (int k = 0; k < 128; k++) {
                        members[k] = Character.isLetterOrDigit(k) || k == '_';
                    }
                }
                default -> {
                    if (Character.isLetterOrDigit(e) || e >= 128) {
                        throw unsupported(); // \b, \p{..}, \Q, \1, ...: not simple
                    }
                    ascii[e] = true;
                    return false;
                }
            }
            for (int k = 0; k < 128; k++) {
                ascii[k] |= members[k] != negate;
            }
            return negate;
        }

        private static IllegalArgumentException unsupported() {
            return new IllegalArgumentException("not a simple pattern");
        }
    }
}
