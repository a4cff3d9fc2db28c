/**
 * The engine's command line ({@code gatehouse-engine run | validate | export | certs}), the entry point of
 * the runnable jar. Commands print results on stdout and problems on stderr, config problems as
 * {@code file:line:column}; exit codes are 0 for success, 1 for an invalid config, a gateway that
 * cannot start or a file that cannot be written, 2 for a usage error.
 */
package dev.gatehouse.engine.cli;
