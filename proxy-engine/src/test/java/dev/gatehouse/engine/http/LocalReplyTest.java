package dev.gatehouse.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LocalReplyTest {
    @Test
    void writesJsonWithFlagAndRequestId() {
        var reply = LocalReply.json(UnpooledByteBufAllocator.DEFAULT, HttpResponseStatus.SERVICE_UNAVAILABLE,
                "no healthy \"upstream\"", "abc-1", ResponseFlag.NO_HEALTHY_UPSTREAM);
        try {
            String body = reply.content().toString(StandardCharsets.UTF_8);
            assertThat(body).isEqualTo("{\"status\":503,\"error\":\"no healthy \\\"upstream\\\"\",\"request_id\":\"abc-1\"}\n");
            assertThat(reply.headers().get(ResponseFlag.HEADER)).isEqualTo("UH");
            assertThat(reply.headers().getInt("content-length")).isEqualTo(body.length());
            assertThat(reply.headers().get("content-type")).isEqualTo("application/json");
        } finally {
            reply.release();
        }
    }

    @Test
    void escapesControlCharacters() {
        assertThat(LocalReply.escape("a\u0001b\nc")).isEqualTo("a\\u0001b\\nc");
    }
}
