package dev.gatehouse.engine.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.observe.Trace;
import dev.gatehouse.engine.testing.RawHttp;
import dev.gatehouse.engine.testing.TestGateway;
import dev.gatehouse.engine.testing.Traces;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Trailers reach the filters both ways, and what a filter changes in them goes upstream. */
class TrailersFilterTest {
    @Test
    void requestAndResponseTrailersPassTheFilters() throws Exception {
        try (var upstream = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> received = new CompletableFuture<>();
            Thread server = new Thread(() -> serve(upstream, received));
            server.setDaemon(true);
            server.start();
            try (var gw = TestGateway.start("""
                    filters:
                      - {name: trailers, type: trailers}
                    listeners:
                      - {name: main, address: 127.0.0.1:0, filters: [trailers]}
                    routes:
                      - {name: all, match: {prefix: /}, cluster: up}
                    clusters:
                      - {name: up, endpoints: [{address: "127.0.0.1:%d"}]}
                    """.formatted(upstream.getLocalPort()));
                 var raw = new RawHttp(gw.port())) {
                var reader = gw.gateway().tap().reader();
                raw.send("POST /rpc HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTE: trailers\r\n\r\n"
                        + "5\r\nhello\r\n0\r\nx-checksum: abc\r\n\r\n");
                String head = raw.readHead();
                assertThat(head).startsWith("HTTP/1.1 200");
                String requestId = head.lines().filter(l -> l.toLowerCase().startsWith("x-request-id:"))
                        .findFirst().orElseThrow().substring(13).trim();
                Trace trace = Traces.await(reader, requestId);
                assertThat(trace.filterSpans()).anySatisfy(s -> {
                    assertThat(s.phase()).isEqualTo("request_trailers");
                    assertThat(s.notes()).containsExactly("checksum", "abc");
                });
                assertThat(trace.filterSpans()).anySatisfy(s -> {
                    assertThat(s.phase()).isEqualTo("response_trailers");
                    assertThat(s.notes()).containsExactly("status", "0");
                });
                assertThat(received.get(10, TimeUnit.SECONDS).toLowerCase())
                        .contains("x-checksum: abc").contains("x-checked: yes");
            }
        }
    }

    /** Reads one chunked request with trailers, answers a chunked response with a trailer. */
    private static void serve(ServerSocket upstream, CompletableFuture<String> received) {
        try (Socket s = upstream.accept()) {
            InputStream in = s.getInputStream();
            var seen = new ByteArrayOutputStream();
            // the last chunk is a line "0"; a head line may end in 0 too (a request id), so match the whole line
            while (!seen.toString(StandardCharsets.ISO_8859_1).contains("\r\n0\r\n")
                    || !seen.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                seen.write(b);
            }
            s.getOutputStream().write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "2\r\nok\r\n0\r\ngrpc-status: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            received.complete(seen.toString(StandardCharsets.ISO_8859_1));
            in.read(); // hold the connection until the gateway is done with it
        } catch (Exception e) {
            received.complete("failed: " + e);
        }
    }
}
