/**
 * The Gatehouse engine: a Netty edge proxy. Packages below follow the layers in ARCHITECTURE.md;
 * none of them imports JavaFX.
 */
package dev.gatehouse.engine;
