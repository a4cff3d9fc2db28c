package dev.gatehouse.views.traces;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Completion for the filter bar: the word under the caret is either a field name being typed
 * ({@code sta} → {@code status}) or a value after an operator ({@code route=a} → {@code route=api}).
 */
public final class FilterCompletion {
    private static final String OPERATOR_CHARS = "=!<>~";

    private FilterCompletion() {
    }

    /** One suggestion: the whole new text and where the caret goes. */
    public record Suggestion(String label, String text, int caret) {
    }

    public static List<Suggestion> suggest(String text, int caret, KnownValues known) {
        int start = caret;
        while (start > 0 && !Character.isWhitespace(text.charAt(start - 1))) {
            start--;
        }
        String word = text.substring(start, caret);
        String negation = word.startsWith("!") ? "!" : "";
        String body = word.substring(negation.length());
        int opAt = -1;
        for (int i = 0; i < body.length(); i++) {
            if (OPERATOR_CHARS.indexOf(body.charAt(i)) >= 0) {
                opAt = i;
                break;
            }
        }
        List<Suggestion> out = new ArrayList<>();
        if (opAt < 0) {
            String prefix = body.toLowerCase(Locale.ROOT);
            for (String field : TraceFilter.FIELDS) {
                if (field.startsWith(prefix)) {
                    String op = field.equals("status") || field.equals("latency") ? ">=" : "=";
                    out.add(replace(text, start, caret, negation + field + op, field));
                }
            }
            return out;
        }
        int opEnd = opAt;
        while (opEnd < body.length() && OPERATOR_CHARS.indexOf(body.charAt(opEnd)) >= 0) {
            opEnd++;
        }
        String field = body.substring(0, opAt).toLowerCase(Locale.ROOT);
        String head = negation + body.substring(0, opEnd);
        String prefix = body.substring(opEnd).toLowerCase(Locale.ROOT);
        for (String value : known.of(field)) {
            if (value.toLowerCase(Locale.ROOT).startsWith(prefix) && !value.equalsIgnoreCase(prefix)) {
                out.add(replace(text, start, caret, head + value + " ", value));
            }
            if (out.size() >= 20) {
                break;
            }
        }
        return out;
    }

    private static Suggestion replace(String text, int start, int end, String word, String label) {
        String next = text.substring(0, start) + word + text.substring(end);
        return new Suggestion(label, next, start + word.length());
    }
}
