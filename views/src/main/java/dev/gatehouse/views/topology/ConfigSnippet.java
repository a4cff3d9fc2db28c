package dev.gatehouse.views.topology;

import dev.gatehouse.engine.config.ConfigExporter;
import dev.gatehouse.engine.config.FilterConfig;
import dev.gatehouse.engine.config.GatewayConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The canonical YAML of one graph node's config: the config is exported with only that item in its
 * list and the matching top-level section is cut out, so the snippet reads exactly as the file would.
 */
public final class ConfigSnippet {
    private ConfigSnippet() {
    }

    public static String of(GatewayConfig config, TopologyGraph.Node node) {
        switch (node.kind()) {
            case LISTENER:
                return section(config.withListeners(config.listener(node.name()).stream().toList()), "listeners");
            case FILTER_CHAIN: {
                String listener = node.id().substring("chain:".length());
                List<String> chain = config.listener(listener).map(l -> l.filters()).orElse(List.of());
                List<FilterConfig> filters = config.filters().stream().filter(f -> chain.contains(f.name())).toList();
                GatewayConfig only = new GatewayConfig(config.engine(), config.admin(), List.of(), List.of(), List.of(),
                        List.of(), List.of(), config.observability(), filters, List.of());
                return filters.isEmpty() ? "# no filters: requests go straight to the router\n" : section(only, "filters");
            }
            case ROUTE:
                return section(config.withRoutes(config.routes().stream()
                        .filter(r -> r.name().equals(node.name())).toList()), "routes");
            case CLUSTER:
                return section(config.withClusters(config.cluster(node.name()).stream().toList()), "clusters");
            default:
                return section(config.withClusters(config.cluster(node.owner()).stream().toList()), "clusters");
        }
    }

    /** The lines of top-level key {@code key} and everything indented under it. */
    static String section(GatewayConfig config, String key) {
        List<String> out = new ArrayList<>();
        boolean inside = false;
        for (String line : ConfigExporter.toYaml(config).split("\n")) {
            boolean topLevel = !line.isEmpty() && !Character.isWhitespace(line.charAt(0));
            if (topLevel) {
                inside = line.startsWith(key + ":");
            }
            if (inside) {
                out.add(line);
            }
        }
        return String.join("\n", out) + "\n";
    }
}
