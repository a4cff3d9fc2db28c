package dev.gatehouse.engine.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-config filter resources: shared within a config, carried over when unchanged, closed when not. */
class FilterResourcesTest {
    private final List<String> closed = new ArrayList<>();

    private final class Client implements AutoCloseable {
        final String name;

        Client(String name) {
            this.name = name;
        }

        @Override
        public void close() {
            closed.add(name);
        }
    }

    @Test
    void equalKeysShareOneResourceWithinAConfig() {
        FilterResources config = FilterResources.first();
        Client a = config.shared("redis://a", Client.class, () -> new Client("a"));
        Client again = config.shared("redis://a", Client.class, () -> new Client("a2"));
        assertThat(again).isSameAs(a);
        assertThat(config.all(Client.class)).containsExactly(a);
    }

    @Test
    void theNextConfigCarriesOverWhatItAsksForAgainAndTheRestIsClosedOnRetirement() {
        FilterResources first = FilterResources.first();
        Client kept = first.shared("redis://kept", Client.class, () -> new Client("kept"));
        first.shared("redis://dropped", Client.class, () -> new Client("dropped"));

        FilterResources second = FilterResources.after(first);
        assertThat(second.shared("redis://kept", Client.class, () -> new Client("new"))).isSameAs(kept);
        second.shared("redis://fresh", Client.class, () -> new Client("fresh"));

        first.closeExcept(second);
        assertThat(closed).containsExactly("dropped");
        second.close();
        assertThat(closed).containsExactly("dropped", "kept", "fresh");
    }

    @Test
    void aConfigThatFailsToApplyClosesOnlyWhatItCreated() {
        FilterResources serving = FilterResources.first();
        serving.shared("redis://a", Client.class, () -> new Client("a"));
        FilterResources failed = FilterResources.after(serving);
        failed.shared("redis://a", Client.class, () -> new Client("unused"));
        failed.shared("redis://b", Client.class, () -> new Client("b"));

        failed.closeExcept(serving);
        assertThat(closed).containsExactly("b");
        assertThat(serving.all(Client.class)).hasSize(1);
    }
}
