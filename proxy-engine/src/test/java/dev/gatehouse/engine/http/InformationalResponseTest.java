package dev.gatehouse.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.testing.TestGateway;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Upstream 1xx heads (103 Early Hints, stray 100) are skipped; the final response reaches the client. */
class InformationalResponseTest {
    @Test
    void finalResponseAfterEarlyHintsIsDelivered() throws Exception {
        try (var upstream = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> serveOnce(upstream));
            server.setDaemon(true);
            server.start();
            try (var gw = TestGateway.start("""
                    listeners:
                      - {name: main, address: 127.0.0.1:0}
                    routes:
                      - {name: all, match: {prefix: /}, cluster: hints}
                    clusters:
                      - {name: hints, endpoints: [{address: "127.0.0.1:%d"}]}
                    """.formatted(upstream.getLocalPort()))) {
                var response = gw.get("/page");
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("final");
            }
        }
    }

    private static void serveOnce(ServerSocket upstream) {
        try (Socket s = upstream.accept()) {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            int total = 0;
            while (!new String(buf, 0, total, StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                total += in.read(buf, total, buf.length - total);
            }
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                    + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            in.read(); // hold the connection until the gateway is done with it
        } catch (Exception ignored) {
            // the test asserts on what the client saw
        }
    }
}
