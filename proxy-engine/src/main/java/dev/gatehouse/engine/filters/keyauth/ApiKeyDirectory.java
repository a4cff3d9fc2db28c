package dev.gatehouse.engine.filters.keyauth;

import dev.gatehouse.engine.config.ApiKey;
import dev.gatehouse.engine.config.ConsumerConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every configured key by its SHA-256 digest. A presented key is hashed once and looked up, so the
 * time a look-up takes does not depend on how much of a real key the caller guessed, and keys the
 * config gives only as hashes are found the same way as plain ones.
 */
final class ApiKeyDirectory {
    private final Map<String, ConsumerConfig> byDigest = new HashMap<>();

    ApiKeyDirectory(List<ConsumerConfig> consumers) {
        for (ConsumerConfig consumer : consumers) {
            for (ApiKey key : consumer.keys()) {
                byDigest.put(key.sha256(), consumer); // the loader has rejected duplicate keys
            }
        }
    }

    /** The consumer holding {@code presentedKey}, if any. */
    Optional<ConsumerConfig> find(String presentedKey) {
        return Optional.ofNullable(byDigest.get(ApiKey.digest(presentedKey)));
    }

    int size() {
        return byDigest.size();
    }
}
