/**
 * The {@code wasm} filter: a proxy-wasm ABI host (0.2.1, and 0.2.0 modules) on Chicory. Modules run
 * compiled to JVM bytecode (or interpreted), one VM per event loop, under a memory cap and a
 * per-callback execution cap; a trap or cap hit follows the filter's failure policy. The ABI's HTTP
 * stream callbacks map onto the filter SPI's phases ({@link dev.gatehouse.engine.wasm.WasmHttpFilter}),
 * its host calls are in {@link dev.gatehouse.engine.wasm.HostCalls}.
 */
package dev.gatehouse.engine.wasm;
