/**
 * The {@code key_auth} filter: identifies the caller by an API key from the {@code consumers} section,
 * sent in a header or a query parameter, and rejects requests without a known key.
 */
package dev.gatehouse.engine.filters.keyauth;
