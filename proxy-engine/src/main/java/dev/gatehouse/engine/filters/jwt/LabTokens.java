package dev.gatehouse.engine.filters.jwt;

import dev.gatehouse.engine.config.FilterConfig;
import dev.gatehouse.engine.config.GatewayConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Mints development tokens for a config's {@code jwt_authn} providers, so a learner needs no outside
 * tool: shared-secret providers sign with their secret, others with a private key file given.
 */
public final class LabTokens {
    private LabTokens() {
    }

    /**
     * @param providerName null for the only (or first) provider
     * @param privateKey   null for shared-secret providers
     * @throws IllegalArgumentException saying what is missing
     */
    public static String mint(GatewayConfig config, String providerName, Path privateKey, String subject,
                              List<String> scopes, Duration ttl, Clock clock) {
        List<JwtProvider> providers = new ArrayList<>();
        for (FilterConfig filter : config.filters()) {
            if (filter.type().equals("jwt_authn")) {
                providers.addAll(JwtAuthnSettings.read(filter.config(), new ArrayList<>()).providers());
            }
        }
        if (providers.isEmpty()) {
            throw new IllegalArgumentException("the config has no jwt_authn filter with a provider");
        }
        JwtProvider provider = providerName == null ? providers.get(0) : providers.stream()
                .filter(p -> p.name().equals(providerName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no jwt_authn provider named '" + providerName
                        + "' (have: " + providers.stream().map(JwtProvider::name).toList() + ")"));
        DevTokenMinter minter = privateKey != null
                ? DevTokenMinter.forProvider(provider, DevSigningKey.read(privateKey), clock)
                : DevTokenMinter.forProvider(provider, clock);
        return minter.mint(subject, scopes, ttl, Map.of());
    }
}
