package dev.gatehouse.engine.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.engine.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** sample-configs/lab4-shape-shifter.yaml as a user runs it: the user service's PII comes back masked. */
class Lab4ShapeShifterTest {
    private static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = TestGateway.fromSample("lab4-shape-shifter.yaml");
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void theUserComesBackMasked() {
        var response = gw.get("/user/12345");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(
                "{\"user_id\":\"12345\",\"ssn\":\"***-**-6789\",\"credit_card\":\"****-****-****-1111\",\"name\":\"John Doe\"}");
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    }

    @Test
    void nestedContactDetailsAndCardListsAreMaskedToo() {
        var response = gw.get("/users");
        assertThat(response.body()).contains("\"email\":\"j***@example.com\"", "\"phone\":\"***-***-4567\"",
                "\"cards\":[\"****-****-****-0004\"]", "\"ssn\":\"***-**-6789\"");
        assertThat(response.body()).doesNotContain("jane.roe@", "4111-1111-1111-1111");
    }

    @Test
    void theMaskedBodyIsServedOverHttp2Too() throws Exception {
        var group = new io.netty.channel.MultiThreadIoEventLoopGroup(1, io.netty.channel.nio.NioIoHandler.newFactory());
        try (var client = dev.gatehouse.engine.testing.PriorKnowledgeClient.connect(group,
                new java.net.InetSocketAddress("127.0.0.1", gw.port()))) {
            var reply = client.exchange(new io.netty.handler.codec.http.DefaultFullHttpRequest(
                    io.netty.handler.codec.http.HttpVersion.HTTP_1_1, io.netty.handler.codec.http.HttpMethod.GET,
                    "/user/12345"));
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.text()).contains("\"ssn\":\"***-**-6789\"", "\"credit_card\":\"****-****-****-1111\"");
        } finally {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void unknownUsersAreNotFound() {
        assertThat(gw.get("/user/1").statusCode()).isEqualTo(404);
    }
}
