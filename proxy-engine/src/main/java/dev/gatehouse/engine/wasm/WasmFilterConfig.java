package dev.gatehouse.engine.wasm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.engine.config.DurationSyntax;
import dev.gatehouse.engine.filter.FilterSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * A {@code wasm} filter's settings.
 *
 * @param module          the module: a file path (made absolute by the loader) or an http(s)/file URL
 * @param sha256          the module's expected SHA-256 (hex), or null for no pin
 * @param configuration   the plugin configuration handed to {@code proxy_on_configure}
 * @param rootId          the root context id the module's SDK dispatches on
 * @param vmConfiguration the VM configuration handed to {@code proxy_on_vm_start}
 * @param failOpen        a failing module is skipped for the request (true) or the request gets a 503
 * @param memoryPages     the most 64 KiB pages a VM's memory may grow to
 * @param callbackBudget  the longest one callback may run before it is stopped
 * @param compiled        run the module compiled to JVM bytecode (else interpreted)
 * @param maxBodyBytes    the most body a module may gather with StopIterationAndBuffer
 */
record WasmFilterConfig(String module, String sha256, byte[] configuration, String rootId, byte[] vmConfiguration,
                        boolean failOpen, int memoryPages, Duration callbackBudget, boolean compiled,
                        int maxBodyBytes) {
    static final int DEFAULT_MEMORY_PAGES = 1024; // 64 MiB
    static final Duration DEFAULT_CALLBACK_BUDGET = Duration.ofMillis(500);
    static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    /** Start-up may parse a configuration and build tables, on a machine that is busy applying a config. */
    static final Duration MIN_START_UP_BUDGET = Duration.ofSeconds(5);
    private static final Set<String> FIELDS = Set.of("module", "sha256", "configuration", "root_id", "vm_config",
            "failure_policy", "memory_limit_pages", "max_callback_time", "mode", "max_body_bytes");

    static Set<String> fields() {
        return FIELDS;
    }

    /** Reads the settings from {@code config}; problems are left in {@code settings}. */
    static WasmFilterConfig read(JsonNode config, FilterSettings settings) {
        String module = settings.string("module", null);
        if (module == null) {
            settings.problem("module", "required: the module's file path or URL");
        }
        String sha256 = settings.string("sha256", null);
        if (sha256 != null && !sha256.matches("(?i)[0-9a-f]{64}")) {
            settings.problem("sha256", "expected 64 hexadecimal digits");
            sha256 = null;
        }
        String policy = settings.string("failure_policy", "fail_closed");
        if (!policy.equals("fail_open") && !policy.equals("fail_closed")) {
            settings.problem("failure_policy", "expected fail_open or fail_closed");
        }
        String mode = settings.string("mode", "compiled");
        if (!mode.equals("compiled") && !mode.equals("interpreter")) {
            settings.problem("mode", "expected compiled or interpreter");
        }
        Duration budget = DEFAULT_CALLBACK_BUDGET;
        String budgetText = settings.string("max_callback_time", null);
        if (budgetText != null) {
            try {
                budget = DurationSyntax.parse(budgetText);
                if (budget.isZero()) {
                    settings.problem("max_callback_time", "must be more than 0");
                }
            } catch (IllegalArgumentException e) {
                settings.problem("max_callback_time", e.getMessage());
            }
        }
        return new WasmFilterConfig(module, sha256 == null ? null : sha256.toLowerCase(Locale.ROOT),
                bytes(config.get("configuration"), settings, "configuration"),
                config.path("root_id").isTextual() ? config.get("root_id").asText() : "",
                bytes(config.get("vm_config"), settings, "vm_config"),
                policy.equals("fail_open"),
                (int) settings.integer("memory_limit_pages", DEFAULT_MEMORY_PAGES, 1, 65536),
                budget, !mode.equals("interpreter"),
                (int) settings.integer("max_body_bytes", DEFAULT_MAX_BODY_BYTES, 1, Integer.MAX_VALUE - 1));
    }

    /** A string as its UTF-8 bytes; a mapping or list as its JSON text (what SDKs parse); absent as none. */
    private static byte[] bytes(JsonNode node, FilterSettings settings, String key) {
        if (node == null || node.isNull()) {
            return new byte[0];
        }
        if (node.isContainerNode()) {
            return node.toString().getBytes(StandardCharsets.UTF_8);
        }
        if (!node.isValueNode()) {
            settings.problem(key, "expected a string or a mapping");
            return new byte[0];
        }
        return node.asText().getBytes(StandardCharsets.UTF_8);
    }

    /** The longest one start-up call may run: the callback budget, but at least {@link #MIN_START_UP_BUDGET}. */
    Duration startUpBudget() {
        return callbackBudget.compareTo(MIN_START_UP_BUDGET) > 0 ? callbackBudget : MIN_START_UP_BUDGET;
    }

    @Override
    public String toString() {
        return "module=" + module + (sha256 != null ? ", sha256=" + sha256 : "") + ", root_id=" + rootId
                + ", configuration=" + configuration.length + " bytes, " + (failOpen ? "fail_open" : "fail_closed")
                + ", memory_limit_pages=" + memoryPages + ", max_callback_time=" + callbackBudget.toMillis() + "ms, "
                + (compiled ? "compiled" : "interpreter");
    }
}
