package dev.gatehouse.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.testing.StubUpstream;
import dev.gatehouse.engine.testing.TestGateway;
import org.junit.jupiter.api.Test;

/** A DNS cluster resolves its host name into endpoints and serves through them. */
class DnsClusterTest {
    @Test
    void resolvesLocalhostAndProxies() {
        try (var stub = new StubUpstream(200, "by-name");
             var gw = TestGateway.start("""
                     listeners:
                       - {name: main, address: 127.0.0.1:0}
                     routes:
                       - {name: all, match: {prefix: /}, cluster: named}
                     clusters:
                       - name: named
                         discovery: dns
                         dns_refresh: 1s
                         endpoints: [{address: "localhost:%d"}]
                     """.formatted(Integer.parseInt(stub.address().split(":")[1])))) {
            var cluster = gw.gateway().clusters().iterator().next();
            assertThat(cluster.endpoints()).isNotEmpty()
                    .allSatisfy(e -> assertThat(e.address().getAddress().isLoopbackAddress()).isTrue());
            // localhost may also resolve to ::1, where the stub does not listen: retry-free success
            // needs the IPv4 endpoint, so only require that some request gets through.
            boolean served = false;
            for (int i = 0; i < 4 && !served; i++) {
                served = gw.get("/").statusCode() == 200;
            }
            assertThat(served).isTrue();
        }
    }
}
