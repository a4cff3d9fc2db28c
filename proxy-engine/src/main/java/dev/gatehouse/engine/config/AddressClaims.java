package dev.gatehouse.engine.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The socket addresses the engine will bind (admin, listeners, demo backends), so two of them
 * cannot ask for the same port. Port 0 (any free port) never clashes. A wildcard host (0.0.0.0,
 * ::) clashes with every host on the same port, because the second bind would fail, or with
 * SO_REUSEPORT silently share the traffic.
 */
final class AddressClaims {
    private final Diagnostics diagnostics;
    private final List<Claim> claims = new ArrayList<>();

    AddressClaims(Diagnostics diagnostics) {
        this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
    }

    /** @param owner who binds it, as a message says it: "listener 'public'", "the admin API" */
    void claim(String owner, HostPort address, Position at, String path) {
        if (address.port() != 0) {
            for (Claim earlier : claims) {
                if (clash(earlier.address, address)) {
                    diagnostics.error(at, path, "address " + address + " is already used by " + earlier.owner
                            + (earlier.position.line() > 0 ? " (line " + earlier.position.line() + ")" : ""));
                    return;
                }
            }
        }
        claims.add(new Claim(owner, address, at));
    }

    private static boolean clash(HostPort a, HostPort b) {
        return a.port() == b.port()
                && (isWildcard(a) || isWildcard(b) || a.host().toLowerCase(Locale.ROOT).equals(b.host().toLowerCase(Locale.ROOT)));
    }

    private static boolean isWildcard(HostPort address) {
        return address.host().equals("0.0.0.0") || address.host().equals("::");
    }

    private record Claim(String owner, HostPort address, Position position) {
    }
}
