package dev.gatehouse.engine.backends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/*
 * Isolated: these tests close a port and bind it again at once, and a test running beside them (a
 * gateway, a redis-server) could be handed that very port by the kernel in between.
 */
@Isolated
class DemoBackendTest {
    private static EventLoopGroup group;

    @BeforeAll
    static void startGroup() {
        group = BackendExtension.newGroup();
    }

    @AfterAll
    static void stopGroup() {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void startsOnAnEphemeralPortAndSaysWhich() throws Exception {
        try (var backend = start("echo-a", DemoBackendKind.defaults("echo"), BackendExtension.anyLoopbackPort())) {
            assertThat(backend.address().getPort()).isPositive();
            assertThat(backend.address().getAddress().isLoopbackAddress()).isTrue();
            assertThat(backend.name()).isEqualTo("echo-a");
            assertThat(backend.kind()).isEqualTo(new DemoBackendKind.Echo(1 << 20));
            assertThat(backend).hasToString("echo backend 'echo-a' on 127.0.0.1:" + backend.address().getPort());
        }
    }

    @Test
    void closeFreesThePortAndDropsOpenConnections() throws Exception {
        var backend = start("echo-b", DemoBackendKind.defaults("echo"), BackendExtension.anyLoopbackPort());
        InetSocketAddress address = backend.address();
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + "/"))
                .timeout(Duration.ofSeconds(10)).build();
        assertThat(http.send(request, BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        try (var idle = new Socket(address.getAddress(), address.getPort())) {
            idle.setSoTimeout(10_000);
            backend.closeAsync().get(10, TimeUnit.SECONDS);

            assertThat(endOfStreamOrReset(idle)).as("the open connection ends").isTrue();
        }
        try (var rebound = new ServerSocket()) {
            rebound.setReuseAddress(true);
            rebound.bind(address);
            assertThat(rebound.getLocalPort()).isEqualTo(address.getPort());
        }
        backend.close(); // again: harmless
    }

    @Test
    void portIsFreeTheMomentCloseCompletes() throws Exception {
        // With NIO the socket outlives its close future by a selector pass: repeat to catch that race.
        for (int i = 0; i < 100; i++) {
            var backend = start("echo-e", DemoBackendKind.defaults("echo"), BackendExtension.privateLoopbackPort());
            try (var client = new Socket(backend.address().getAddress(), backend.address().getPort())) {
                client.getOutputStream().write("GET / HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(client.getInputStream().read()).isNotNegative();
                backend.close();

                try (var rebound = new ServerSocket()) {
                    rebound.setReuseAddress(true);
                    rebound.bind(backend.address());
                }
            }
        }
    }

    @Test
    void startFailsWhenThePortIsTaken() throws Exception {
        try (var taken = new ServerSocket(0, 50, BackendExtension.anyLoopbackPort().getAddress())) {
            var address = new InetSocketAddress(taken.getInetAddress(), taken.getLocalPort());
            var started = DemoBackend.start("echo-c", DemoBackendKind.defaults("echo"), address, group);

            assertThatThrownBy(() -> started.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(BindException.class);
        }
    }

    @Test
    void closeRefusesToBlockAnEventLoop() throws Exception {
        try (var backend = start("web-d", DemoBackendKind.defaults("web"), BackendExtension.anyLoopbackPort())) {
            var attempt = group.next().submit(backend::close);

            assertThatThrownBy(() -> attempt.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void everyKindNameHasDefaults() {
        for (String name : DemoBackendKind.NAMES) {
            assertThat(DemoBackendKind.defaults(name).kindName()).isEqualTo(name);
        }
        assertThat(DemoBackendKind.defaults("stream"))
                .isEqualTo(new DemoBackendKind.Stream(16 * 1024, 16L << 30));
    }

    @Test
    void unknownKindNamesAreRejectedWithTheChoices() {
        assertThatThrownBy(() -> DemoBackendKind.defaults("mirror"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mirror")
                .hasMessageContaining("echo, web, sink, stream, websocket");
    }

    @Test
    void settingsAndArgumentsAreChecked() {
        assertThatThrownBy(() -> new DemoBackendKind.Echo(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DemoBackendKind.Stream(2 << 20, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DemoBackendKind.Stream(1024, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DemoBackendKind.WebSocket(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DemoBackend.start(" ", new DemoBackendKind.Web(), BackendExtension.anyLoopbackPort(), group))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DemoBackend.start("x", null, BackendExtension.anyLoopbackPort(), group))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("kind");
    }

    private static DemoBackend start(String name, DemoBackendKind kind, InetSocketAddress address) throws Exception {
        return DemoBackend.start(name, kind, address, group).get(10, TimeUnit.SECONDS);
    }

    /** A closed connection reads as EOF, or as a reset when the close raced unread bytes. */
    private static boolean endOfStreamOrReset(Socket socket) {
        try {
            return socket.getInputStream().read() == -1;
        } catch (java.net.SocketException reset) {
            return true;
        } catch (java.io.IOException other) {
            return false;
        }
    }
}
