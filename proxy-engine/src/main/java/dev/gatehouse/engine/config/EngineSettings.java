package dev.gatehouse.engine.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Process-wide settings.
 *
 * @param workers       worker event loops; 0 means one per available core
 * @param drainTime     how long a removed listener keeps serving its open connections
 * @param versionsKept  how many applied configs are kept for rollback
 */
public record EngineSettings(int workers, Duration drainTime, int versionsKept) {
    public static final EngineSettings DEFAULTS = new EngineSettings(0, Duration.ofSeconds(5), 20);

    public EngineSettings {
        Objects.requireNonNull(drainTime, "drainTime");
    }
}
