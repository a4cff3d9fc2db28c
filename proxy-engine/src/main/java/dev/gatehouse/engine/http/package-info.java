/**
 * Downstream HTTP: the strict HTTP/1.x request front ({@link dev.gatehouse.engine.http.StrictHttp1Pipeline})
 * that refuses anything an upstream could read differently, cleartext HTTP/2 beside it
 * ({@link dev.gatehouse.engine.http.CleartextHttp2}: prior knowledge and h2c upgrade, each stream served
 * by the same exchange as an HTTP/1.1 request), and the JSON local replies
 * ({@link dev.gatehouse.engine.http.LocalReply}) with their response flags.
 */
package dev.gatehouse.engine.http;
