/**
 * Load balancing: which endpoint of a cluster serves the next request. {@link
 * dev.gatehouse.engine.upstream.lb.LbPolicy} names the policies as they appear in config and builds
 * a {@link dev.gatehouse.engine.upstream.lb.LoadBalancer} over a fixed endpoint list; a new balancer
 * is built whenever the list changes, while health is read at every pick. Balancers are shared by
 * all event loops, so picks use atomics and immutable tables, never locks. {@link
 * dev.gatehouse.engine.upstream.lb.HashKeys} turns a header, cookie or address into the key that
 * ring hash and Maglev consume.
 */
package dev.gatehouse.engine.upstream.lb;
