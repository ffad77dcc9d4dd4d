package io.sfnetl.asl.intrinsics.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code States.Format} template: literal text with {@code {}} placeholders. In the template {@code \{},
 * {@code \}}, {@code \'} and {@code \\} stand for the characters themselves; a lone {@code {} or {@code }} is an error.
 */
record FormatTemplate(List<String> literals) {

    /** Number of {@code {}} placeholders. */
    int placeholders() {
        return literals.size() - 1;
    }

    static FormatTemplate parse(String raw) {
        var literals = new ArrayList<String>();
        var cur = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length() && "{}'\\".indexOf(raw.charAt(i + 1)) >= 0) {
                cur.append(raw.charAt(++i));
            } else if (c == '{') {
                if (i + 1 < raw.length() && raw.charAt(i + 1) == '}') {
                    literals.add(cur.toString());
                    cur.setLength(0);
                    i++;
                } else {
                    throw new IllegalArgumentException("unmatched '{' at position " + (i + 1)
                            + " of the template; write {} for a placeholder or \\{ for a literal brace");
                }
            } else if (c == '}') {
                throw new IllegalArgumentException("unmatched '}' at position " + (i + 1)
                        + " of the template; write \\} for a literal brace");
            } else {
                cur.append(c);
            }
        }
        literals.add(cur.toString());
        return new FormatTemplate(List.copyOf(literals));
    }

    String render(List<String> values) {
        var out = new StringBuilder(literals.get(0));
        for (int i = 0; i < values.size(); i++) {
            out.append(values.get(i)).append(literals.get(i + 1));
        }
        return out.toString();
    }
}
