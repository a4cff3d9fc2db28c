package dev.gatehouse.engine.filter;

/**
 * Makes the per-request instances of one configured filter. Built once per config apply, off the
 * event loops; {@code toString()} should print the configuration, so dumps read well.
 */
@FunctionalInterface
public interface HttpFilterFactory {
    HttpFilter newFilter();
}
