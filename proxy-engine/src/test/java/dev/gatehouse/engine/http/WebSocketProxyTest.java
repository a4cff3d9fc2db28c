package dev.gatehouse.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.engine.testing.TestGateway;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A WebSocket upgrade is proxied and then relayed both ways. */
class WebSocketProxyTest {
    @Test
    void textAndBinaryMessagesEchoThroughTheGateway() throws Exception {
        try (var gw = TestGateway.start("""
                listeners:
                  - {name: main, address: 127.0.0.1:0}
                routes:
                  - {name: ws, match: {prefix: /ws}, cluster: ws}
                clusters:
                  - {name: ws, endpoints: [{backend: ws}]}
                demo_backends:
                  - {name: ws, kind: websocket}
                """)) {
            var received = new LinkedBlockingQueue<String>();
            var listener = new WebSocket.Listener() {
                final StringBuilder text = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                        received.add("text:" + text);
                        text.setLength(0);
                    }
                    ws.request(1);
                    return null;
                }

                int binaryBytes;

                @Override
                public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                    binaryBytes += data.remaining();
                    if (last) {
                        received.add("binary:" + binaryBytes);
                        binaryBytes = 0;
                    }
                    ws.request(1);
                    return null;
                }
            };
            WebSocket ws = gw.client().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + gw.port() + "/ws/chat"), listener)
                    .get(10, TimeUnit.SECONDS);
            ws.sendText("hello through the gateway", true).get(5, TimeUnit.SECONDS);
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("text:hello through the gateway");
            ws.sendBinary(ByteBuffer.wrap(new byte[70_000]), true).get(5, TimeUnit.SECONDS);
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("binary:70000");
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            CompletableFuture.runAsync(ws::abort);
            // The tunnel keeps the listener's connection guard, so the closed connection is counted out.
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    gw.metric("gatehouse_downstream_connections_active{listener=\"main\"}") == 0);
        }
    }
}
