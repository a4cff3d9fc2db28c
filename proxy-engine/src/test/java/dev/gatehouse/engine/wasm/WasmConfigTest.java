package dev.gatehouse.engine.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.engine.config.ConfigException;
import dev.gatehouse.engine.config.ConfigExporter;
import dev.gatehouse.engine.config.ConfigLoader;
import dev.gatehouse.engine.config.GatewayConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The wasm filter's settings: checked at load, module paths resolved against the config file, exported back. */
class WasmConfigTest {
    private static final String YAML = """
            filters:
              - name: pii
                type: wasm
                config:
                  module: filters/pii.wasm
                  configuration: {fields: {ssn: ssn}}
                  failure_policy: fail_open
            listeners:
              - {name: main, address: 127.0.0.1:8080, filters: [pii]}
            routes:
              - {name: r, match: {prefix: /}, direct_response: {status: 200}}
            """;

    @Test
    void aRelativeModuleIsResolvedAgainstTheConfigDirectoryAndExportedRelativeAgain() {
        Path base = Path.of("/etc/gatehouse");
        GatewayConfig config = new ConfigLoader().load(YAML, "gatehouse.yaml", base).config();
        assertThat(config.filters().get(0).config().get("module").asText()).isEqualTo("/etc/gatehouse/filters/pii.wasm");
        String exported = ConfigExporter.toYaml(config, base);
        assertThat(exported).contains("module: filters/pii.wasm");
        assertThat(new ConfigLoader().load(exported, "gatehouse.yaml", base).config()).isEqualTo(config);
    }

    @Test
    void badSettingsAreReportedTogether() {
        assertThatThrownBy(() -> new ConfigLoader().load("""
                filters:
                  - {name: w, type: wasm, config: {failure_policy: sometimes, mode: jit, max_callback_time: soon, extra: 1}}
                """, "bad.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("module: required")
                .hasMessageContaining("expected fail_open or fail_closed")
                .hasMessageContaining("expected compiled or interpreter")
                .hasMessageContaining("max_callback_time")
                .hasMessageContaining("unknown field 'extra'");
    }
}
