package dev.gatehouse.engine.config;

/**
 * How a proxied request is rewritten before it goes upstream. Any field may be null.
 *
 * @param prefix       replaces the matched prefix (prefix routes only)
 * @param regex        RE2 pattern applied to the path; every match is replaced by {@code substitution}
 * @param host         replaces the Host/:authority header
 */
public record Rewrite(String prefix, String regex, String substitution, String host) {
}
