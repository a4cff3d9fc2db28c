/**
 * The {@code cors} filter: the server side of the Fetch standard's CORS protocol. It answers
 * preflight requests itself and adds the CORS response headers for allowed origins; requests from
 * other origins get none, so the browser keeps their responses from the page.
 */
package dev.gatehouse.engine.filters.cors;
