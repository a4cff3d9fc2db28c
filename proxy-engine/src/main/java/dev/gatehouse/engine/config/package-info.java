/**
 * The gateway configuration: immutable records ({@link dev.gatehouse.engine.config.GatewayConfig}
 * and its parts), loading and validation from YAML or JSON with every error located by file, line,
 * column and path ({@link dev.gatehouse.engine.config.ConfigLoader}), and canonical export that
 * loads back to an equal config ({@link dev.gatehouse.engine.config.ConfigExporter}).
 *
 * <p>Loading runs in two steps. {@code ConfigTree} reads the parser's tokens into a small tree
 * that keeps each node's position; binders ({@code GatewayConfigBinder} and one per section) then
 * read that tree through {@code MappingReader}, which reports every problem to a shared
 * {@code Diagnostics} and carries on, so one pass finds all errors. The schema is documented in
 * {@code sample-configs/README.md}.
 */
package dev.gatehouse.engine.config;
