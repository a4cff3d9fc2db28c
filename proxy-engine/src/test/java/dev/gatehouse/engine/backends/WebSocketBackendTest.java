package dev.gatehouse.engine.backends;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WebSocketBackendTest {
    @RegisterExtension
    static final BackendExtension webSocket = new BackendExtension("ws-1", new DemoBackendKind.WebSocket(1 << 20));

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void echoesTextAndBinaryMessages() throws Exception {
        var inbox = new Inbox();
        WebSocket socket = http.newWebSocketBuilder()
                .buildAsync(webSocket.webSocketUri("/chat/room-7"), inbox)
                .get(10, TimeUnit.SECONDS);
        byte[] blob = new byte[200_000];
        new Random(7).nextBytes(blob);

        socket.sendText("hello, gatehouse ✓", true).get(10, TimeUnit.SECONDS);
        assertThat(inbox.next()).isEqualTo("hello, gatehouse ✓");
        socket.sendBinary(ByteBuffer.wrap(blob), true).get(10, TimeUnit.SECONDS);
        assertThat(inbox.next()).isEqualTo(blob);
        // A message sent in fragments comes back whole.
        socket.sendText("frag", false).get(10, TimeUnit.SECONDS);
        socket.sendText("ments", true).get(10, TimeUnit.SECONDS);
        assertThat(inbox.next()).isEqualTo("fragments");

        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    }

    @Test
    void plainHttpIsToldToUpgrade() throws Exception {
        var request = HttpRequest.newBuilder(webSocket.uri("/")).timeout(Duration.ofSeconds(10)).GET().build();
        var response = http.send(request, BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(426);
        assertThat(response.headers().firstValue("upgrade")).hasValue("websocket");
        assertThat(response.headers().firstValue("x-backend")).hasValue("ws-1");
        assertThat(response.body()).contains("ws-1");
    }

    /** Collects whole messages: text as String, binary as byte[]. */
    private static final class Inbox implements WebSocket.Listener {
        private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        Object next() throws InterruptedException {
            Object message = messages.poll(10, TimeUnit.SECONDS);
            assertThat(message).as("a message within 10 s").isNotNull();
            return message;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                messages.add(binary.toByteArray());
                binary.reset();
            }
            socket.request(1);
            return null;
        }
    }
}
