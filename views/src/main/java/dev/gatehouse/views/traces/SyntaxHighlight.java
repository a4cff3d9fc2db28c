package dev.gatehouse.views.traces;

import java.util.Collection;
import java.util.Collections;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

/** Style spans for JSON and XML bodies in a RichTextFX code area (CSS classes {@code hl-*}). */
public final class SyntaxHighlight {
    private static final Pattern JSON = Pattern.compile(
            "(?<KEY>\"(?:[^\"\\\\]|\\\\.)*\"(?=\\s*:))|(?<STRING>\"(?:[^\"\\\\]|\\\\.)*\")"
                    + "|(?<NUMBER>-?\\b\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?\\b)|(?<LITERAL>\\b(?:true|false|null)\\b)"
                    + "|(?<PUNCT>[{}\\[\\],:])");
    private static final Pattern XML = Pattern.compile(
            "(?<COMMENT><!--[\\s\\S]*?-->)|(?<TAG></?[\\w:.-]+|/?>)|(?<ATTR>\\b[\\w:.-]+(?==))|(?<STRING>\"[^\"]*\"|'[^']*')");

    private SyntaxHighlight() {
    }

    /** Spans for {@code text} in the given syntax ("json", "xml", anything else: plain). */
    public static StyleSpans<Collection<String>> spans(String text, String syntax) {
        Pattern p = syntax.equals("json") ? JSON : syntax.equals("xml") ? XML : null;
        StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>();
        int last = 0;
        if (p != null) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                b.add(Collections.emptyList(), m.start() - last);
                b.add(Collections.singleton("hl-" + group(m)), m.end() - m.start());
                last = m.end();
            }
        }
        b.add(Collections.emptyList(), text.length() - last);
        return b.create();
    }

    private static String group(Matcher m) {
        for (String g : new String[] {"KEY", "STRING", "NUMBER", "LITERAL", "PUNCT", "COMMENT", "TAG", "ATTR"}) {
            try {
                if (m.group(g) != null) {
                    return g.toLowerCase();
                }
            } catch (IllegalArgumentException e) {
                // group not in this pattern
            }
        }
        return "text";
    }
}
