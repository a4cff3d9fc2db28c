package dev.gatehouse.engine.backends;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WebBackendTest {
    @RegisterExtension
    static final BackendExtension web = new BackendExtension("web-1", new DemoBackendKind.Web());

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void servesAPageNamingTheInstance() throws Exception {
        var response = send(HttpRequest.newBuilder(web.uri("/")).GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(response.headers().firstValue("x-backend")).hasValue("web-1");
        assertThat(response.body()).contains("<h1>Served by web-1</h1>").contains("<code>/</code>");
    }

    @Test
    void servesItForAnyPathEscaped() throws Exception {
        var response = send(HttpRequest.newBuilder(web.uri("/shop/%3Cb%3E?x=1")).GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<code>/shop/%3Cb%3E</code>");
    }

    @Test
    void headGivesTheLengthWithoutTheBody() throws Exception {
        var page = send(HttpRequest.newBuilder(web.uri("/")).GET());
        var head = send(HttpRequest.newBuilder(web.uri("/")).method("HEAD", BodyPublishers.noBody()));

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValueAsLong("content-length"))
                .hasValue(page.headers().firstValueAsLong("content-length").orElseThrow());
    }

    @Test
    void otherMethodsAreA405WithAllow() throws Exception {
        var response = send(HttpRequest.newBuilder(web.uri("/")).POST(BodyPublishers.ofString("a=1")));

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("allow")).hasValue("GET, HEAD");
        assertThat(response.headers().firstValue("x-backend")).hasValue("web-1");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
    }
}
