package dev.gatehouse.views.engine;

import java.util.List;

/**
 * What an apply or rollback did. When nothing was applied, {@code error} says why and
 * {@code problems} lists positioned config errors (empty when the config was valid but could not
 * be started, e.g. a port in use).
 */
public record ApplyOutcome(boolean applied, long version, String error, List<ConfigProblem> problems,
                           List<String> warnings) {
    public ApplyOutcome {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }
}
