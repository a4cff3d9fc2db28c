package dev.gatehouse.engine.backends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.engine.testing.PriorKnowledgeClient;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class Http2PriorKnowledgeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final BackendExtension echo = new BackendExtension("echo-h2", new DemoBackendKind.Echo(1 << 20));
    @RegisterExtension
    static final BackendExtension stream = new BackendExtension("stream-h2", DemoBackendKind.defaults("stream"));

    @Test
    void echoAnswersOverHttp2() throws Exception {
        try (var client = PriorKnowledgeClient.connect(echo.group(), echo.backend().address())) {
            var reply = client.exchange(request(HttpMethod.POST, "/h2/path?x=1", "over h2"));

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.headers().get("x-backend")).isEqualTo("echo-h2");
            JsonNode echoed = JSON.readTree(reply.text());
            assertThat(echoed.get("protocol").asText()).isEqualTo("HTTP/2");
            assertThat(echoed.get("method").asText()).isEqualTo("POST");
            assertThat(echoed.get("path").asText()).isEqualTo("/h2/path");
            assertThat(echoed.at("/query/x/0").asText()).isEqualTo("1");
            assertThat(echoed.get("body").asText()).isEqualTo("over h2");
            assertThat(echoed.get("remote_address").asText()).startsWith("127.0.0.1:");
            assertThat(echoed.get("headers").fieldNames()).toIterable().noneMatch(name -> name.startsWith("x-http2-"));
        }
    }

    @Test
    void closeControlResetsOnlyTheStream() throws Exception {
        try (var client = PriorKnowledgeClient.connect(echo.group(), echo.backend().address())) {
            var reset = request(HttpMethod.GET, "/reset", "");
            reset.headers().set("x-echo-close", "1");

            assertThatThrownBy(() -> client.exchange(reset)).isInstanceOf(ExecutionException.class);
            assertThat(client.exchange(request(HttpMethod.GET, "/after", "")).status()).isEqualTo(200);
        }
    }

    @Test
    void streamRespectsFlowControl() throws Exception {
        // Far beyond the 64 KiB initial window: the server must wait for the client's window updates.
        int size = 3 << 20;
        try (var client = PriorKnowledgeClient.connect(stream.group(), stream.backend().address())) {
            var reply = client.exchange(request(HttpMethod.GET, "/bytes/" + size, ""));

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).hasSize(size);
            for (int i = 0; i < size; i++) {
                assertThat(reply.body()[i]).isEqualTo((byte) ('!' + i % 94));
            }
        }
    }

    private static FullHttpRequest request(HttpMethod method, String uri, String body) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    }
}
