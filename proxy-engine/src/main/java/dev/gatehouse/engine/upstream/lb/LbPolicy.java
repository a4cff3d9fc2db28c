package dev.gatehouse.engine.upstream.lb;

import dev.gatehouse.engine.upstream.Endpoint;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The load balancing policies a cluster can name in config, each able to build its balancer. */
public enum LbPolicy {
    /** Each healthy endpoint in turn. */
    ROUND_ROBIN("round_robin"),
    /** Each healthy endpoint in turn, as many times per cycle as its weight, interleaved. */
    WEIGHTED_ROUND_ROBIN("weighted_round_robin"),
    /** The less loaded of two random healthy endpoints, load being active requests per weight. */
    LEAST_REQUEST("least_request"),
    /** A random healthy endpoint, chosen with probability proportional to its weight. */
    RANDOM("random"),
    /** Consistent hashing on a ring of virtual nodes (Karger et al.). */
    RING_HASH("ring_hash"),
    /** Consistent hashing through a Maglev lookup table (Eisenbud et al., NSDI 2016). */
    MAGLEV("maglev");

    private final String configName;

    LbPolicy(String configName) {
        this.configName = configName;
    }

    /** The name used in config files, e.g. {@code least_request}. */
    public String configName() {
        return configName;
    }

    /**
     * Whether the policy uses the request's hash key; callers can skip computing the key when it
     * does not.
     */
    public boolean usesHash() {
        return this == RING_HASH || this == MAGLEV;
    }

    /**
     * The policy with the given config name (exact, lower case).
     *
     * @throws IllegalArgumentException naming the valid names when none matches
     */
    public static LbPolicy fromConfigName(String name) {
        Objects.requireNonNull(name, "name");
        for (LbPolicy policy : values()) {
            if (policy.configName.equals(name)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("unknown load balancing policy '" + name + "', expected one of: "
                + Arrays.stream(values()).map(LbPolicy::configName).collect(Collectors.joining(", ")));
    }

    /** Builds a balancer over {@code endpoints} with {@link LbOptions#DEFAULTS}. */
    public LoadBalancer create(List<Endpoint> endpoints) {
        return create(endpoints, LbOptions.DEFAULTS);
    }

    /**
     * Builds a balancer over {@code endpoints}, which it keeps for its whole life; build a new one
     * when the endpoint set changes. An empty list gives a balancer that always answers null.
     *
     * @throws IllegalArgumentException for Maglev when there are more endpoints than table slots
     */
    public LoadBalancer create(List<Endpoint> endpoints, LbOptions options) {
        return create(endpoints, options, Endpoint::isHealthy);
    }

    /**
     * Like {@link #create(List, LbOptions)}, but the balancer chooses among the endpoints that
     * {@code usable} accepts instead of the healthy ones: a cluster in panic balances over every
     * endpoint that is not drained, with the same policy, weights and hashing.
     */
    public LoadBalancer create(List<Endpoint> endpoints, LbOptions options, Predicate<Endpoint> usable) {
        List<Endpoint> fixed = List.copyOf(Objects.requireNonNull(endpoints, "endpoints"));
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(usable, "usable");
        return switch (this) {
            case ROUND_ROBIN -> new RoundRobinBalancer(fixed, usable);
            case WEIGHTED_ROUND_ROBIN -> new WeightedRoundRobinBalancer(fixed, usable);
            case LEAST_REQUEST -> new LeastRequestBalancer(fixed, usable);
            case RANDOM -> new RandomBalancer(fixed, usable);
            case RING_HASH -> new RingHashBalancer(fixed, options.ringMinSize(), options.ringMaxSize(), usable);
            case MAGLEV -> new MaglevBalancer(fixed, options.maglevTableSize(), usable);
        };
    }
}
