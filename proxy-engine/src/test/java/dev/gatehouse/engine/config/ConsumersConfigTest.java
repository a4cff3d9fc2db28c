package dev.gatehouse.engine.config;

import static dev.gatehouse.engine.config.ConfigFixtures.errors;
import static dev.gatehouse.engine.config.ConfigFixtures.load;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code consumers} section, and configs using the key_auth and cors filters: errors and export. */
class ConsumersConfigTest {
    private static final String HASH = ApiKey.digest("k-pro");

    @Test
    void consumersBindWithDefaultsAndKeepHashedKeysHashed() {
        GatewayConfig config = load("""
                consumers:
                  - {name: free-user-123, tier: free, keys: [k-free], attributes: {team: web}}
                  - name: svc
                    keys: ["sha256:%s"]
                """.formatted(HASH.toUpperCase()));
        assertThat(config.consumers()).containsExactly(
                new ConsumerConfig("free-user-123", "free", List.of(ApiKey.parse("k-free")), Map.of("team", "web")),
                new ConsumerConfig("svc", ConsumerConfig.DEFAULT_TIER, List.of(new ApiKey(null, HASH)), Map.of()));
        assertThat(config.consumer("svc").orElseThrow().keys().get(0).toString()).doesNotContain("k-pro");
        assertThat(ApiKey.parse("k-free").toString()).doesNotContain("k-free");
    }

    @Test
    void duplicateNamesAndKeysAndBadHashesAreReportedWithLineAndColumn() {
        assertThat(errors("""
                consumers:
                  - name: alice
                    keys: [k1, "sha256:%s"]
                  - name: alice
                    keys: [k2]
                  - name: bob
                    keys: [k2, "sha256:%s", "sha256:abc", "sha256:%s"]
                """.formatted(ApiKey.digest("k1"), HASH, "z".repeat(64)))).containsExactly(
                "test.yaml:3:16: consumers[0].keys[1]: duplicate API key (first given to consumer 'alice' at line 3)",
                "test.yaml:4:11: consumers[1].name: duplicate consumer name 'alice' (first declared at line 2)",
                "test.yaml:7:12: consumers[2].keys[0]: duplicate API key (first given to consumer 'alice' at line 5)",
                "test.yaml:7:91: consumers[2].keys[2]: a sha256 key needs 64 hex digits after 'sha256:', got 3",
                "test.yaml:7:105: consumers[2].keys[3]: a sha256 key may hold only hex digits (0-9, a-f) after 'sha256:'");
    }

    @Test
    void filterSettingsAreChecked() {
        assertThat(errors("""
                filters:
                  - name: keys
                    type: key_auth
                    config: {header: "bad header", hide_credentials: "yes", querry: k}
                  - name: cors
                    type: cors
                    config: {allow_origins: ["*", "https://a.example/path"], allow_credentials: true, max_age: -1}
                """)).containsExactly(
                "test.yaml:4:13: filters[0].config.querry: unknown field 'querry'; expected one of "
                        + "forward_consumer_header, header, hide_credentials, query",
                "test.yaml:4:13: filters[0].config.header: 'bad header' is not a valid header name",
                "test.yaml:4:13: filters[0].config.hide_credentials: expected true or false",
                "test.yaml:7:13: filters[1].config.allow_origins[1]: 'https://a.example/path' is not an origin: "
                        + "write scheme://host[:port] with no path, '*', or a pattern such as https://*.example.com",
                "test.yaml:7:13: filters[1].config.max_age: expected a whole number from 0 to 86400",
                "test.yaml:7:13: filters[1].config.allow_origins: '*' cannot be used with allow_credentials: true; "
                        + "list the allowed values");
    }

    @Test
    void exportRoundTripsConsumersAndBothFilters() {
        GatewayConfig config = load("""
                consumers:
                  - {name: free-user-123, tier: free, keys: [k-free, "sha256:%s"], attributes: {team: web, plan: "${x}"}}
                  - {name: svc, keys: []}
                filters:
                  - {name: cors, type: cors, config: {allow_origins: ["https://*.example.com"], max_age: 60}}
                  - {name: keys, type: key_auth, config: {query: api_key, forward_consumer_header: x-consumer}}
                listeners:
                  - {name: main, address: 127.0.0.1:0, filters: [cors, keys]}
                routes:
                  - name: open
                    match: {prefix: /open}
                    direct_response: {status: 200, body: ok}
                    filter_overrides:
                      keys: {disabled: true}
                  - {name: all, match: {prefix: /}, direct_response: {status: 200, body: ok}}
                """.formatted(HASH).replace("${x}", "$${x}"));
        String yaml = ConfigExporter.toYaml(config);
        assertThat(yaml).contains("consumers:").contains("sha256:" + HASH).contains("k-free");
        assertThat(load(yaml)).isEqualTo(config);
        assertThat(ConfigFixtures.LOADER.load(ConfigExporter.toJson(config), "test.json").config()).isEqualTo(config);
    }
}
