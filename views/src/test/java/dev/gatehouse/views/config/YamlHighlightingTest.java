package dev.gatehouse.views.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import org.fxmisc.richtext.model.StyleSpans;
import org.junit.jupiter.api.Test;

/** YAML styles and problem spans, computed without a toolkit. */
class YamlHighlightingTest {
    private static Collection<String> styleAt(StyleSpans<Collection<String>> spans, int offset) {
        return spans.getStyleSpan(spans.offsetToPosition(offset, org.fxmisc.richtext.model.TwoDimensional.Bias.Forward).getMajor()).getStyle();
    }

    @Test
    void stylesKeysStringsNumbersAndComments() {
        String text = "# routes first\nroutes:\n  - name: \"api\"\n    match: {prefix: /api}\n    timeout_ms: 250\n";
        StyleSpans<Collection<String>> spans = YamlHighlighting.compute(text, List.of());
        assertThat(spans.length()).isEqualTo(text.length());
        assertThat(styleAt(spans, text.indexOf("routes first"))).containsExactly(YamlHighlighting.COMMENT);
        assertThat(styleAt(spans, text.indexOf("routes:"))).containsExactly(YamlHighlighting.KEY);
        assertThat(styleAt(spans, text.indexOf("\"api\"") + 1)).containsExactly(YamlHighlighting.STRING);
        assertThat(styleAt(spans, text.indexOf("prefix"))).containsExactly(YamlHighlighting.KEY);
        assertThat(styleAt(spans, text.indexOf("/api}"))).isEmpty();
        assertThat(styleAt(spans, text.indexOf("250"))).containsExactly(YamlHighlighting.NUMBER);
    }

    @Test
    void problemsMarkTheWordTheyPointAt() {
        String text = "routes:\n  - name: api\n    cluster: nowhere\n";
        TextProblem problem = new TextProblem(3, 14, "routes[0].cluster", "no cluster 'nowhere'", false);
        int[] range = YamlHighlighting.problemRange(text, problem);
        assertThat(text.substring(range[0], range[1])).isEqualTo("nowhere");
        StyleSpans<Collection<String>> spans = YamlHighlighting.compute(text, List.of(problem));
        assertThat(styleAt(spans, text.indexOf("nowhere") + 2)).contains(YamlHighlighting.ERROR);
        assertThat(styleAt(spans, text.indexOf("cluster:"))).doesNotContain(YamlHighlighting.ERROR);

        assertThat(YamlHighlighting.problemRange(text, new TextProblem(9, 1, "", "past the end", false))).isNull();
        assertThat(YamlHighlighting.problemRange(text, new TextProblem(0, 0, "", "no position", false))).isNull();
        int[] endOfLine = YamlHighlighting.problemRange(text, new TextProblem(1, 8, "", "at the end of a line", false));
        assertThat(endOfLine[1] - endOfLine[0]).isEqualTo(1);
    }

    @Test
    void anEmptyTextHasNoStyles() {
        assertThat(YamlHighlighting.compute("", List.of()).length()).isZero();
    }
}
