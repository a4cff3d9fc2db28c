package dev.gatehouse.engine.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.testing.RawHttp;
import dev.gatehouse.engine.testing.TestGateway;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Added latency of Wasm filters (trivial and PII masking, compiled and interpreted) over the same
 * route without a filter: one keep-alive connection, GET /user/12345 from the user_service backend,
 * sequential requests. Not a test: runs only with -Dgatehouse.bench=true and prints its figures.
 *
 * <pre>./mvnw -B -ntp -o -pl proxy-engine test -Dtest=WasmLatencyBenchmark -Dgatehouse.bench=true</pre>
 */
class WasmLatencyBenchmark {
    private static final int WARMUP = 3000;
    private static final int MEASURED = 3000;

    @Test
    void addedLatency() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("gatehouse.bench"), "a benchmark; run with -Dgatehouse.bench=true");
        String trivial = WasmModules.test("trivial");
        String pii = WasmModules.shipped("pii_mask");
        try (var gw = TestGateway.start("""
                filters:
                  - {name: trivial-compiled, type: wasm, config: {module: %1$s}}
                  - {name: trivial-interpreted, type: wasm, config: {module: %1$s, mode: interpreter}}
                  - {name: pii-compiled, type: wasm, config: {module: %2$s}}
                  - {name: pii-interpreted, type: wasm, config: {module: %2$s, mode: interpreter}}
                listeners:
                  - {name: none, address: 127.0.0.1:0}
                  - {name: trivial-compiled, address: 127.0.0.1:0, filters: [trivial-compiled]}
                  - {name: trivial-interpreted, address: 127.0.0.1:0, filters: [trivial-interpreted]}
                  - {name: pii-compiled, address: 127.0.0.1:0, filters: [pii-compiled]}
                  - {name: pii-interpreted, address: 127.0.0.1:0, filters: [pii-interpreted]}
                routes:
                  - {name: users, match: {prefix: /}, cluster: users}
                clusters:
                  - {name: users, endpoints: [{backend: users}]}
                demo_backends:
                  - {name: users, kind: user_service}
                """.formatted(trivial, pii))) {
            String[] listeners = {"trivial-compiled", "trivial-interpreted", "pii-compiled", "pii-interpreted"};
            measure(gw.port("none")); // warms the JIT for the gateway's own path
            long[] none = measure(gw.port("none"));
            double baseline = none[none.length / 2] / 1000.0;
            StringBuilder report = new StringBuilder("\nWasm filter latency (GET /user/12345, sequential, one connection)\n");
            report.append(String.format("  %-20s median %7.1f us  p99 %7.1f us%n", "no filter", baseline,
                    none[(int) (none.length * 0.99)] / 1000.0));
            for (String listener : listeners) {
                long[] nanos = measure(gw.port(listener));
                double median = nanos[nanos.length / 2] / 1000.0;
                double p99 = nanos[(int) (nanos.length * 0.99)] / 1000.0;
                report.append(String.format("  %-20s median %7.1f us  p99 %7.1f us  added (median) %+7.1f us%n",
                        listener, median, p99, median - baseline));
            }
            System.out.println(report);
        }
    }

    private static long[] measure(int port) throws Exception {
        long[] nanos = new long[MEASURED];
        try (var raw = new RawHttp(port)) {
            for (int i = 0; i < WARMUP + MEASURED; i++) {
                long start = System.nanoTime();
                raw.send("GET /user/12345 HTTP/1.1\r\nHost: bench\r\n\r\n");
                var response = raw.readResponse();
                long took = System.nanoTime() - start;
                assertThat(response.status()).isEqualTo(200);
                if (i >= WARMUP) {
                    nanos[i - WARMUP] = took;
                }
            }
        }
        Arrays.sort(nanos);
        return nanos;
    }
}
