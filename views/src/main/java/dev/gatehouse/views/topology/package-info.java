/**
 * The topology view: {@link dev.gatehouse.views.topology.TopologyGraph} (toolkit-free layered graph of
 * the running config), live endpoint state and edge rates, and
 * {@link dev.gatehouse.views.topology.TopologyView}, the workbench view that draws them.
 */
package dev.gatehouse.views.topology;
