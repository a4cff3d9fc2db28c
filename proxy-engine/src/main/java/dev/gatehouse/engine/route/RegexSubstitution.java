package dev.gatehouse.engine.route;

import com.google.re2j.Matcher;
import java.util.ArrayList;
import java.util.List;

/**
 * A substitution in Envoy's (that is, RE2's) syntax: {@code \0} to {@code \9} insert a capture
 * group ({@code \0} the whole match), {@code \\} a backslash, anything else stands for itself.
 *
 * <p>Parsed once into literal pieces and group numbers rather than translated into RE2/J's
 * {@code $1} replacement syntax: that syntax has its own escapes ({@code $} and {@code \}), reads
 * {@code ${1}} as a group <em>named</em> "1", and is re-parsed on every call. Referring to a group
 * the regex does not have is a config error here, not a failure on the first request.
 */
final class RegexSubstitution {
    private final String source;
    private final String[] literals;
    private final int[] groups;

    private RegexSubstitution(String source, String[] literals, int[] groups) {
        this.source = source;
        this.literals = literals;
        this.groups = groups;
    }

    static RegexSubstitution parse(String substitution, int groupCount) {
        List<String> literals = new ArrayList<>();
        List<Integer> groups = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < substitution.length(); i++) {
            char c = substitution.charAt(i);
            if (c != '\\') {
                literal.append(c);
                continue;
            }
            if (++i == substitution.length()) {
                throw new IllegalArgumentException("rewrite.substitution ends with a lone '\\'");
            }
            char next = substitution.charAt(i);
            if (next == '\\') {
                literal.append('\\');
            } else if (next >= '0' && next <= '9') {
                int group = next - '0';
                if (group > groupCount) {
                    throw new IllegalArgumentException("rewrite.substitution refers to \\" + group
                            + " but rewrite.regex has " + groupCount + " group(s)");
                }
                literals.add(literal.toString());
                literal.setLength(0);
                groups.add(group);
            } else {
                throw new IllegalArgumentException("rewrite.substitution has an invalid escape '\\" + next
                        + "' (use \\0-\\9 for groups, \\\\ for a backslash)");
            }
        }
        literals.add(literal.toString());
        return new RegexSubstitution(substitution, literals.toArray(String[]::new),
                groups.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Appends the substitution for the match {@code m} is on; a group that did not take part adds nothing. */
    void appendTo(StringBuilder out, Matcher m) {
        for (int i = 0; i < groups.length; i++) {
            out.append(literals[i]);
            String group = m.group(groups[i]);
            if (group != null) {
                out.append(group);
            }
        }
        out.append(literals[groups.length]);
    }

    @Override
    public String toString() {
        return source;
    }
}
