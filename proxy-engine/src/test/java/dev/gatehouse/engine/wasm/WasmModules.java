package dev.gatehouse.engine.wasm;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Where the committed Wasm modules are: test modules on the classpath, shipped filters in wasm-filters/. */
final class WasmModules {
    private WasmModules() {
    }

    /** A test module (src/test/resources/wasm/NAME.wasm), as an absolute path for a config. */
    static String test(String name) {
        try {
            return Path.of(WasmModules.class.getResource("/wasm/" + name + ".wasm").toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A shipped filter (wasm-filters/NAME.wasm), as an absolute path. */
    static String shipped(String name) {
        return repoRoot().resolve("wasm-filters").resolve(name + ".wasm").toString();
    }

    static Path repoRoot() {
        Path samples = Path.of(System.getProperty("gatehouse.samples", "../sample-configs")).toAbsolutePath().normalize();
        return samples.getParent();
    }
}
