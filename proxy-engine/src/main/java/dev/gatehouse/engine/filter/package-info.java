/**
 * The HTTP filter SPI, one for built-in Java filters and (later) proxy-wasm modules. A filter sees a
 * request in phases that mirror proxy-wasm's callbacks: request headers, request body, request
 * trailers, response headers, response body, response trailers, log. Bodies stream by: a filter
 * either watches them chunk by chunk or asks for them whole (buffered, with a limit and an explicit
 * over-limit behaviour). Each phase answers with {@link dev.gatehouse.engine.filter.FilterStatus}:
 * continue, stop and resume later (any headers or body phase), gather a watched body (buffer), or
 * reply. A watcher that rewrites a body may ask for it to be resizable: the gateway then frames it itself. Providers are found with
 * {@link java.util.ServiceLoader}, so a jar on the classpath can add a filter type.
 */
package dev.gatehouse.engine.filter;
