package dev.gatehouse.engine.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Binds {@code virtual_hosts} and resolves references to them. A virtual host named "default"
 * (domains {@code *}) exists implicitly for routes and listeners that refer to it, unless the
 * config declares one; it is added to the config only when something refers to it.
 */
final class VirtualHostBinder {
    // A host (optionally with a port), with at most one '*' standing for the first or last part.
    private static final Pattern DOMAIN = Pattern.compile("\\*|\\*?[a-z0-9_.:\\[\\]-]+|[a-z0-9_.:\\[\\]-]+\\*");

    private final Diagnostics diagnostics;
    private final NameTable names;
    private final List<VirtualHostConfig> declared = new ArrayList<>();
    private final Map<String, Owner> domainOwners = new HashMap<>();
    private Reference firstImplicitDefaultUse;

    VirtualHostBinder(Diagnostics diagnostics) {
        this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
        this.names = new NameTable("virtual host", diagnostics);
    }

    void bindAll(List<MappingReader> items) {
        for (MappingReader r : items) {
            VirtualHostConfig virtualHost = bind(r);
            if (virtualHost != null) {
                declared.add(virtualHost);
            }
        }
    }

    /** Checks a reference to a virtual host; the implicit "default" always resolves. */
    boolean resolve(String name, Position at, String path) {
        if (name.equals(VirtualHostConfig.DEFAULT_NAME) && !names.contains(name)) {
            if (firstImplicitDefaultUse == null) {
                firstImplicitDefaultUse = new Reference(at, path);
            }
            return true;
        }
        return names.resolve(name, at, path);
    }

    /** The declared virtual hosts, plus the implicit default last if anything refers to it. */
    List<VirtualHostConfig> complete() {
        List<VirtualHostConfig> all = new ArrayList<>(declared);
        if (firstImplicitDefaultUse != null) {
            Owner catchAll = domainOwners.get("*");
            if (catchAll != null) {
                diagnostics.error(firstImplicitDefaultUse.position, firstImplicitDefaultUse.path,
                        "this uses the implicit virtual host 'default' (domains ['*']), but virtual host '"
                                + catchAll.virtualHost + "' already serves '*'; declare 'default' or name a virtual host");
            } else {
                all.add(VirtualHostConfig.IMPLICIT_DEFAULT);
            }
        }
        return all;
    }

    private VirtualHostConfig bind(MappingReader r) {
        int errors = diagnostics.errorCount();
        String name = r.requiredString("name");
        if (name != null) {
            names.declare(name, r.positionOf("name"), r.pathOf("name"));
        }
        if (!r.has("domains")) {
            r.error("domains", "missing required field 'domains'");
        }
        List<String> domains = new ArrayList<>();
        for (MappingReader.Item item : r.stringList("domains")) {
            String domain = item.value().toLowerCase(Locale.ROOT);
            if (!DOMAIN.matcher(domain).matches()) {
                diagnostics.error(item.position(), item.path(), "invalid domain '" + item.value()
                        + "': use a host name, '*.suffix', 'prefix.*' or '*'");
                continue;
            }
            Owner owner = domainOwners.putIfAbsent(domain, new Owner(name, item.position()));
            if (owner != null) {
                diagnostics.error(item.position(), item.path(), "domain '" + domain + "' is already served by virtual host '"
                        + owner.virtualHost + "' (line " + owner.position.line() + ")");
                continue;
            }
            domains.add(domain);
        }
        if (domains.isEmpty() && r.has("domains") && diagnostics.errorCount() == errors) {
            r.error("domains", "needs at least one domain");
        }
        r.finish();
        return diagnostics.errorCount() == errors ? new VirtualHostConfig(name, domains) : null;
    }

    private record Owner(String virtualHost, Position position) {
    }

    private record Reference(Position position, String path) {
    }
}
