/** The {@code headers} filter: add, replace and remove request and response headers. */
package dev.gatehouse.engine.filters.headers;
