package dev.gatehouse.views.engine;

import java.time.Instant;

/** One applied config version: its number, when and from where it was applied. */
public record VersionInfo(long number, Instant appliedAt, String source) {
}
