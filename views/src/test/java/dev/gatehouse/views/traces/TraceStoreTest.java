package dev.gatehouse.views.traces;

import static dev.gatehouse.views.traces.SampleTraces.trace;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.views.engine.TraceRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceStoreTest {
    private static List<TraceRecord> batch(int from, int count) {
        List<TraceRecord> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            out.add(trace("GET", "/p/" + i, i % 2 == 0 ? "even" : "odd", 200, 1, ""));
        }
        return out;
    }

    @Test
    void keepsTheNewestUpToTheCapAndCountsEvictions() {
        var store = new TraceStore(100);
        store.append(batch(0, 60), 0);
        store.append(batch(60, 60), 7);
        assertThat(store.all()).hasSize(100);
        assertThat(store.all().get(0).path()).isEqualTo("/p/20");
        assertThat(store.all().get(99).path()).isEqualTo("/p/119");
        assertThat(store.evictedProperty().get()).isEqualTo(20);
        assertThat(store.receivedProperty().get()).isEqualTo(120);
        assertThat(store.feedDroppedProperty().get()).isEqualTo(7);
        assertThat(store.summary()).contains("100 of 100 shown").contains("20 evicted").contains("7 dropped");
    }

    @Test
    void aBatchLargerThanTheCapKeepsItsTail() {
        var store = new TraceStore(10);
        store.append(batch(0, 25), 0);
        assertThat(store.all()).extracting(TraceRecord::path).startsWith("/p/15").endsWith("/p/24");
        assertThat(store.evictedProperty().get()).isEqualTo(15);
    }

    @Test
    void theFilterNarrowsWhatIsShownAndABadOneKeepsTheLastGood() {
        var store = new TraceStore(100);
        store.append(batch(0, 10), 0);
        store.filterTextProperty().set("route=even");
        assertThat(store.visible()).hasSize(5);
        store.filterTextProperty().set("route=even colour=red");
        assertThat(store.filterErrorProperty().get()).contains("column 12");
        assertThat(store.visible()).hasSize(5);
        store.append(batch(10, 4), 0);
        assertThat(store.visible()).hasSize(7);
        store.filterTextProperty().set("");
        assertThat(store.visible()).hasSize(14);
        assertThat(store.filterErrorProperty().get()).isEmpty();
    }

    @Test
    void pauseHoldsNewTracesAndResumeAddsThem() {
        var store = new TraceStore(100);
        store.append(batch(0, 3), 0);
        store.pausedProperty().set(true);
        store.append(batch(3, 5), 0);
        assertThat(store.all()).hasSize(3);
        assertThat(store.summary()).contains("paused (5 held)");
        store.pausedProperty().set(false);
        assertThat(store.all()).hasSize(8);
    }

    @Test
    void knownValuesFeedCompletion() {
        var store = new TraceStore(100);
        store.append(batch(0, 4), 0);
        var fields = FilterCompletion.suggest("sta", 3, store.known());
        assertThat(fields).extracting(FilterCompletion.Suggestion::text).containsExactly("status>=");
        var routes = FilterCompletion.suggest("status>=400 route=e", 19, store.known());
        assertThat(routes).extracting(FilterCompletion.Suggestion::text).containsExactly("status>=400 route=even ");
        var all = FilterCompletion.suggest("route=", 6, store.known());
        assertThat(all).extracting(FilterCompletion.Suggestion::label).containsExactly("even", "odd");
    }

    @Test
    void aBatchAddsAtMostItsRowsKeepingErrorsThenTheNewest() {
        var store = new TraceStore(1_000, 10);
        List<TraceRecord> traces = batch(0, 100);
        traces.set(3, trace("GET", "/failed", "even", 503, 1, ""));
        traces.set(50, trace(1_700_000_000_000L, "GET", "/limited", "even", "c-even", 200, 1, "", "RL"));
        store.append(traces, 0);
        assertThat(store.all()).extracting(TraceRecord::path)
                .containsExactly("/failed", "/limited", "/p/92", "/p/93", "/p/94", "/p/95", "/p/96", "/p/97", "/p/98", "/p/99");
        assertThat(store.receivedProperty().get()).isEqualTo(100);
        assertThat(store.notShownProperty().get()).isEqualTo(90);
        assertThat(store.summary()).contains("90 not shown");
    }
}
