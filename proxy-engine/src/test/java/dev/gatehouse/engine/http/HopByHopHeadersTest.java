package dev.gatehouse.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

/** What {@link HopByHopHeaders#strip} leaves of a message's headers, and how it reads keep-alive. */
class HopByHopHeadersTest {
    @Test
    void aLoneKeepAliveOrCloseIsRemovedWithTheOtherHopByHopFields() {
        HttpHeaders keepAlive = headers("connection", "Keep-Alive", "keep-alive", "timeout=5", "x-end", "kept");
        HttpHeaders close = headers("connection", "close", "close", "odd but nominated", "x-end", "kept");

        HopByHopHeaders.strip(keepAlive, false, false);
        HopByHopHeaders.strip(close, false, false);

        assertThat(keepAlive.names()).containsExactly("x-end");
        assertThat(close.names()).containsExactly("x-end");
    }

    @Test
    void everyConnectionFieldNominatesHeadersToRemove() {
        HttpHeaders single = headers("connection", "x-a", "x-a", "1", "x-end", "kept");
        HttpHeaders list = headers("connection", "keep-alive, x-b", "x-b", "2", "x-end", "kept");
        HttpHeaders twoFields = headers("connection", "keep-alive", "connection", "x-c", "x-c", "3", "x-end", "kept");

        HopByHopHeaders.strip(single, false, false);
        HopByHopHeaders.strip(list, false, false);
        HopByHopHeaders.strip(twoFields, false, false);

        assertThat(single.names()).containsExactly("x-end");
        assertThat(list.names()).containsExactly("x-end");
        assertThat(twoFields.names()).containsExactly("x-end");
    }

    @Test
    void keepAliveAnswersAsNettyDoesForEveryConnectionField() {
        String[][] fields = {{}, {"connection", "keep-alive"}, {"connection", "Keep-Alive"}, {"connection", "close"},
            {"connection", "CLOSE"}, {"connection", "upgrade"}, {"connection", "keep-alive, close"},
            {"connection", "x-a, keep-alive"}, {"connection", "keep-alive", "connection", "close"}};
        int checked = 0;
        for (HttpVersion version : new HttpVersion[] {HttpVersion.HTTP_1_0, HttpVersion.HTTP_1_1}) {
            for (String[] field : fields) {
                var response = new DefaultHttpResponse(version, HttpResponseStatus.OK, headers(field));
                assertThat(HopByHopHeaders.isKeepAlive(response)).as(version + " " + String.join(" ", field))
                        .isEqualTo(HttpUtil.isKeepAlive(response));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(18);
        assertThat(HopByHopHeaders.isKeepAlive(new DefaultHttpResponse(HttpVersion.HTTP_1_0, HttpResponseStatus.OK,
                headers("connection", "keep-alive")))).isTrue();
        assertThat(HopByHopHeaders.isKeepAlive(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                headers("connection", "close")))).isFalse();
    }

    private static HttpHeaders headers(String... namesAndValues) {
        HttpHeaders headers = new DefaultHttpHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }
}
