package dev.gatehouse.engine.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How durations are written in config: a whole number and one unit ({@code 250ms}, {@code 15s},
 * {@code 2m}, {@code 1h}), or {@code 0}. A unit is always required otherwise, because a bare
 * {@code 15} is as likely meant as seconds as milliseconds.
 */
public final class DurationSyntax {
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,12})(ms|s|m|h)");
    private static final long MILLIS_PER_SECOND = 1000;
    private static final long MILLIS_PER_MINUTE = 60 * MILLIS_PER_SECOND;
    private static final long MILLIS_PER_HOUR = 60 * MILLIS_PER_MINUTE;

    private DurationSyntax() {
    }

    /** Throws IllegalArgumentException with a message fit for the user. */
    public static Duration parse(String text) {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a duration such as 250ms, 15s, 2m or 1h, got '" + text + "'");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    /** The largest unit that states the duration exactly: 15s, not 15000ms; 90s, not 1.5m. */
    static String format(Duration duration) {
        if (duration.isNegative() || duration.toNanosPart() % 1_000_000 != 0) {
            throw new IllegalArgumentException("config durations are whole, non-negative milliseconds: " + duration);
        }
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0";
        }
        if (millis % MILLIS_PER_HOUR == 0) {
            return millis / MILLIS_PER_HOUR + "h";
        }
        if (millis % MILLIS_PER_MINUTE == 0) {
            return millis / MILLIS_PER_MINUTE + "m";
        }
        if (millis % MILLIS_PER_SECOND == 0) {
            return millis / MILLIS_PER_SECOND + "s";
        }
        return millis + "ms";
    }
}
