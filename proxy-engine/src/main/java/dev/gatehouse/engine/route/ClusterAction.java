package dev.gatehouse.engine.route;

import java.util.Objects;

/** Forwards the request to one cluster. */
public final class ClusterAction implements CompiledAction {
    private final String cluster;

    ClusterAction(String cluster) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
    }

    public String cluster() {
        return cluster;
    }

    @Override
    public String toString() {
        return "cluster " + cluster;
    }
}
