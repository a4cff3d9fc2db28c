package dev.gatehouse.app.demo;

import dev.gatehouse.engine.config.ApiKey;
import dev.gatehouse.engine.config.ConsumerConfig;
import dev.gatehouse.engine.config.FilterConfig;
import dev.gatehouse.engine.config.GatewayConfig;
import dev.gatehouse.engine.config.ListenerConfig;
import dev.gatehouse.engine.config.RouteAction;
import dev.gatehouse.engine.config.RouteConfig;
import dev.gatehouse.engine.filters.jwt.LabTokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What the traffic generator sends for a lab: weighted request templates, valid and invalid.
 *
 * <p>A lab declares its mix with comment lines in its YAML, one template each:
 * <pre>
 * # traffic: 50 GET /service/echo/hello
 * # traffic: 5 GET /secure-api/orders listener=https auth=jwt
 * # traffic: 2 GET /secure-api/orders listener=https auth=bad-jwt
 * # traffic: 3 POST /api/items header=x-api-key:free-key-1 body={"name":"pen"}
 * </pre>
 * Fields: weight, method, path, then optional {@code listener=NAME} (default: the first listener that
 * serves the path's route, plain HTTP preferred), {@code auth=jwt} (a valid token minted for the
 * config's jwt_authn provider), {@code auth=bad-jwt} (a forged one), {@code header=NAME:VALUE}
 * (repeatable) and {@code body=TEXT} (the rest of the line).
 *
 * <p>A lab without such lines gets a mix derived from its config: a GET under every route's prefix or
 * path, a few paths no route matches (404), and where the config has consumers with plain API keys or a
 * jwt_authn filter, requests with valid and with bad credentials.
 */
public final class TrafficMix {
    /** One kind of request and how often, relative to the others. */
    public record Template(int weight, String method, String path, String listener, Map<String, String> headers,
                           String body) {
        public Template {
            headers = Map.copyOf(headers);
        }
    }

    private final List<Template> templates;
    private final int totalWeight;

    public TrafficMix(List<Template> templates) {
        if (templates.isEmpty()) {
            throw new IllegalArgumentException("a traffic mix needs at least one template");
        }
        this.templates = List.copyOf(templates);
        this.totalWeight = templates.stream().mapToInt(Template::weight).sum();
    }

    public List<Template> templates() {
        return templates;
    }

    public Template pick(Random random) {
        int n = random.nextInt(totalWeight);
        for (Template t : templates) {
            n -= t.weight();
            if (n < 0) {
                return t;
            }
        }
        return templates.get(templates.size() - 1);
    }

    /** The lab's declared mix, or one derived from its config. */
    public static TrafficMix forLab(Path file, GatewayConfig config) {
        List<Template> declared = declared(file, config);
        return new TrafficMix(declared.isEmpty() ? derived(config) : declared);
    }

    static List<Template> declared(Path file, GatewayConfig config) {
        List<Template> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            return out;
        }
        for (String line : lines) {
            String s = line.strip();
            if (!s.startsWith("#")) {
                continue;
            }
            s = s.substring(1).strip();
            if (!s.startsWith("traffic:")) {
                continue;
            }
            String[] words = s.substring("traffic:".length()).strip().split("\\s+");
            if (words.length < 3) {
                continue;
            }
            int weight;
            try {
                weight = Integer.parseInt(words[0]);
            } catch (NumberFormatException e) {
                continue;
            }
            String listener = null;
            Map<String, String> headers = new LinkedHashMap<>();
            String body = "";
            for (int i = 3; i < words.length; i++) {
                String w = words[i];
                if (w.startsWith("listener=")) {
                    listener = w.substring(9);
                } else if (w.startsWith("auth=")) {
                    headers.put("authorization", "Bearer " + token(config, w.substring(5)));
                } else if (w.startsWith("header=") && w.indexOf(':') > 7) {
                    headers.put(w.substring(7, w.indexOf(':')), w.substring(w.indexOf(':') + 1));
                } else if (w.startsWith("body=")) {
                    body = s.substring(s.indexOf("body=") + 5);
                    break;
                }
            }
            String path = words[2];
            out.add(new Template(Math.max(1, weight), words[1].toUpperCase(), path,
                    listener != null ? listener : listenerFor(config, path), headers, body));
        }
        return out;
    }

    static List<Template> derived(GatewayConfig config) {
        List<Template> out = new ArrayList<>();
        String jwt = hasFilter(config, "jwt_authn") ? token(config, "jwt") : null;
        String key = firstPlainKey(config);
        for (RouteConfig r : config.routes()) {
            String base = r.match().path() != null ? r.match().path() : r.match().prefix();
            if (base == null) {
                continue;
            }
            String path = r.match().path() != null ? base : (base.endsWith("/") ? base : base + "/") + "demo";
            String listener = listenerFor(config, r);
            Map<String, String> auth = new LinkedHashMap<>();
            if (jwt != null) {
                auth.put("authorization", "Bearer " + jwt);
            }
            if (key != null) {
                auth.put("x-api-key", key);
            }
            boolean proxied = !(r.action() instanceof RouteAction.Redirect);
            out.add(new Template(proxied ? 20 : 4, "GET", path, listener, auth, ""));
            if (proxied) {
                out.add(new Template(4, "POST", path, listener, withJson(auth), "{\"demo\":true,\"item\":\"pen\"}"));
            }
            if (jwt != null) {
                out.add(new Template(2, "GET", path, listener, Map.of("authorization", "Bearer " + token(config, "bad-jwt")), ""));
            }
            if (key != null) {
                out.add(new Template(2, "GET", path, listener, Map.of("x-api-key", "not-a-valid-key"), ""));
            }
        }
        String fallback = config.listeners().isEmpty() ? null : config.listeners().get(0).name();
        out.add(new Template(2, "GET", "/no-such-page", fallback, Map.of(), ""));
        out.add(new Template(1, "DELETE", "/admin/../etc/passwd", fallback, Map.of(), ""));
        return out;
    }

    private static Map<String, String> withJson(Map<String, String> headers) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("content-type", "application/json");
        return h;
    }

    private static boolean hasFilter(GatewayConfig config, String type) {
        for (FilterConfig f : config.filters()) {
            if (f.type().equals(type)) {
                return true;
            }
        }
        return false;
    }

    private static String firstPlainKey(GatewayConfig config) {
        if (!hasFilter(config, "key_auth")) {
            return null;
        }
        for (ConsumerConfig c : config.consumers()) {
            for (ApiKey k : c.keys()) {
                if (k.plain() != null && !k.plain().isEmpty()) {
                    return k.plain();
                }
            }
        }
        return null;
    }

    /** A valid dev token for the config's jwt_authn provider, or a forged one ("bad-jwt"). */
    private static String token(GatewayConfig config, String kind) {
        if (kind.equals("jwt")) {
            try {
                return LabTokens.mint(config, null, null, "demo-user", scopes(config), Duration.ofDays(1), Clock.systemUTC());
            } catch (RuntimeException e) {
                return "unavailable";
            }
        }
        // Right shape, wrong signature: the filter must reject it.
        return "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJtYWxsb3J5In0.c2lnbmF0dXJlLWZvcmdlZC1ieS10aGUtZGVtbw";
    }

    private static List<String> scopes(GatewayConfig config) {
        List<String> scopes = new ArrayList<>();
        for (FilterConfig f : config.filters()) {
            if (f.type().equals("jwt_authn")) {
                f.config().path("require").path("scopes").forEach(s -> scopes.add(s.asText()));
            }
        }
        return scopes;
    }

    private static String listenerFor(GatewayConfig config, String path) {
        for (RouteConfig r : config.routes()) {
            String p = r.match().path() != null ? r.match().path() : r.match().prefix();
            if (p != null && path.startsWith(p)) {
                return listenerFor(config, r);
            }
        }
        return config.listeners().isEmpty() ? null : config.listeners().get(0).name();
    }

    private static String listenerFor(GatewayConfig config, RouteConfig route) {
        String chosen = null;
        for (ListenerConfig l : config.listeners()) {
            boolean serves = l.virtualHosts().isEmpty() || route.virtualHost() == null
                    || l.virtualHosts().contains(route.virtualHost());
            if (serves && (chosen == null || l.tls() == null)) {
                chosen = l.name();
                if (l.tls() == null) {
                    break;
                }
            }
        }
        return chosen != null ? chosen : config.listeners().isEmpty() ? null : config.listeners().get(0).name();
    }
}
