package dev.gatehouse.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Durations, sizes, placeholders and suggestions: the small syntaxes inside config values. */
class ValueSyntaxTest {

    @Test
    void durationsNeedOneUnitExceptZero() {
        assertThat(DurationSyntax.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(DurationSyntax.parse("15s")).isEqualTo(Duration.ofSeconds(15));
        assertThat(DurationSyntax.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationSyntax.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationSyntax.parse("0")).isZero();
        for (String bad : List.of("15", "1.5s", "-1s", "1m30s", "15 s", "s", "10d")) {
            assertThatThrownBy(() -> DurationSyntax.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void durationsAreWrittenInTheLargestExactUnit() {
        assertThat(DurationSyntax.format(Duration.ZERO)).isEqualTo("0");
        assertThat(DurationSyntax.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(DurationSyntax.format(Duration.ofMillis(15_000))).isEqualTo("15s");
        assertThat(DurationSyntax.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(DurationSyntax.format(Duration.ofSeconds(120))).isEqualTo("2m");
        assertThat(DurationSyntax.format(Duration.ofMinutes(180))).isEqualTo("3h");
        assertThatThrownBy(() -> DurationSyntax.format(Duration.ofNanos(1500)))
                .hasMessageContaining("whole, non-negative milliseconds");
    }

    @Test
    void sizesAreBytesOrBinaryUnits() {
        assertThat(SizeSyntax.parse("8192")).isEqualTo(8192);
        assertThat(SizeSyntax.parse("64KiB")).isEqualTo(65536);
        assertThat(SizeSyntax.parse("1MiB")).isEqualTo(1 << 20);
        assertThat(SizeSyntax.parse("2GiB")).isEqualTo(2L << 30);
        assertThatThrownBy(() -> SizeSyntax.parse("64KB")).hasMessageContaining("use bytes or KiB, MiB, GiB");
        assertThatThrownBy(() -> SizeSyntax.parse("lots")).hasMessageContaining("expected a size");
        assertThat(SizeSyntax.format(65536)).isEqualTo("64KiB");
        assertThat(SizeSyntax.format(1 << 20)).isEqualTo("1MiB");
        assertThat(SizeSyntax.format(1000)).isEqualTo("1000");
        assertThat(SizeSyntax.format(1536)).isEqualTo("1536");
    }

    @Test
    void placeholdersResolveFromTheEnvironmentWithFallbacks() {
        var placeholders = new EnvironmentPlaceholders(Map.of("HOST", "db", "EMPTY", "")::get);

        assertThat(placeholders.resolve("${HOST}:5432")).isEqualTo("db:5432");
        assertThat(placeholders.resolve("${PORT:-8080}")).isEqualTo("8080");
        assertThat(placeholders.resolve("${EMPTY:-fallback}|${EMPTY}")).isEqualTo("fallback|");
        assertThat(placeholders.resolve("$${HOST} costs $5")).isEqualTo("${HOST} costs $5");
        assertThatThrownBy(() -> placeholders.resolve("${PORT}")).hasMessageContaining("PORT is not set");
        assertThatThrownBy(() -> placeholders.resolve("${HOST")).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> placeholders.resolve("${1x}")).hasMessageContaining("does not name");
    }

    @Test
    void escapingUndoesResolution() {
        var placeholders = new EnvironmentPlaceholders(Map.<String, String>of()::get);

        for (String literal : List.of("${A}", "$${A}", "$$${A}", "a$b${", "plain")) {
            assertThat(placeholders.resolve(EnvironmentPlaceholders.escape(literal))).isEqualTo(literal);
        }
    }

    @Test
    void suggestionsPreferSameWordsThenSmallEdits() {
        var fields = List.of("name", "address", "virtual_hosts", "drain_time");

        assertThat(Spelling.closest("drainTime", fields)).contains("drain_time");
        assertThat(Spelling.closest("adress", fields)).contains("address");
        assertThat(Spelling.closest("virtual_host", fields)).contains("virtual_hosts");
        assertThat(Spelling.closest("frobnicate", fields)).isEmpty();
        assertThat(Spelling.editDistance("kitten", "sitting")).isEqualTo(3);
    }
}
