/**
 * The HTTP filter SPI, one for built-in Java filters and (later) proxy-wasm modules. A filter sees a
 * request in phases that mirror proxy-wasm's callbacks (request headers, response headers, log; the
 * body and trailer phases arrive with the Wasm host) and answers each with {@link
 * dev.gatehouse.engine.filter.FilterStatus}. Providers are found with {@link java.util.ServiceLoader},
 * so a jar on the classpath can add a filter type.
 */
package dev.gatehouse.engine.filter;
