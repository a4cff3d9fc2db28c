/**
 * Downstream HTTP/1.x: the strict request front ({@link dev.gatehouse.engine.http.StrictHttp1Pipeline})
 * that refuses anything an upstream could read differently, and the JSON local replies
 * ({@link dev.gatehouse.engine.http.LocalReply}) with their response flags.
 */
package dev.gatehouse.engine.http;
