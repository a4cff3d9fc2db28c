package dev.gatehouse.engine.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How byte sizes are written in config: a plain number of bytes, or a whole number with a binary
 * unit ({@code 64KiB}, {@code 1MiB}, {@code 1GiB}). Decimal units (KB, MB) are refused rather than
 * guessed at, since 64KB and 64KiB differ.
 */
final class SizeSyntax {
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,12})\\s*([A-Za-z]*)");
    private static final long KIB = 1024;
    private static final long MIB = KIB * 1024;
    private static final long GIB = MIB * 1024;

    private SizeSyntax() {
    }

    /** Throws IllegalArgumentException with a message fit for the user. */
    static long parse(String text) {
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a size such as 8192, 64KiB or 1MiB, got '" + text + "'");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "" -> amount;
            case "KiB" -> amount * KIB;
            case "MiB" -> amount * MIB;
            case "GiB" -> amount * GIB;
            default -> throw new IllegalArgumentException("unknown size unit '" + m.group(2)
                    + "'; use bytes or KiB, MiB, GiB (e.g. 64KiB)");
        };
    }

    /** The largest binary unit that states the size exactly; plain digits when none does. */
    static String format(long bytes) {
        if (bytes > 0 && bytes % GIB == 0) {
            return bytes / GIB + "GiB";
        }
        if (bytes > 0 && bytes % MIB == 0) {
            return bytes / MIB + "MiB";
        }
        if (bytes > 0 && bytes % KIB == 0) {
            return bytes / KIB + "KiB";
        }
        return Long.toString(bytes);
    }
}
