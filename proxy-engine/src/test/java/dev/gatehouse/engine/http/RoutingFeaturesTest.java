package dev.gatehouse.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.engine.testing.RawHttp;
import dev.gatehouse.engine.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Route actions, rewrites, header edits and virtual hosts, end to end through real sockets. */
class RoutingFeaturesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = TestGateway.start("""
                listeners:
                  - {name: main, address: 127.0.0.1:0, trusted_hops: 1}
                  - {name: edge, address: 127.0.0.1:0}
                virtual_hosts:
                  - {name: api, domains: [api.example.com]}
                  - {name: shop, domains: ["*.shop.test"]}
                  - {name: staging, domains: ["staging.*"]}
                  - {name: default, domains: ["*"]}
                routes:
                  - name: api-echo
                    virtual_host: api
                    match: {prefix: /}
                    cluster: echo
                    request_headers: {set: {x-vhost: api}, remove: [x-secret]}
                    response_headers: {set: {x-served-by: gatehouse}, remove: [x-backend]}
                  - name: shop
                    virtual_host: shop
                    match: {prefix: /}
                    direct_response: {status: 200, body: "shop front", content_type: text/plain}
                  - name: staging
                    virtual_host: staging
                    match: {prefix: /}
                    direct_response: {status: 200, body: staging}
                  - name: v1
                    match: {regex: "/v1/.*"}
                    rewrite: {regex: "^/v1/(.*)$", substitution: "/internal/\\\\1", host: backend.internal}
                    cluster: echo
                  - name: strip
                    match: {prefix: /strip/}
                    rewrite: {prefix: /}
                    cluster: echo
                  - name: post-only
                    match: {prefix: /submit, methods: [POST]}
                    direct_response: {status: 201, body: created}
                  - name: canary
                    match:
                      prefix: /feature
                      headers: [{name: x-canary, exact: "1"}]
                    direct_response: {status: 200, body: canary}
                  - name: debug-query
                    match:
                      prefix: /feature
                      query: [{name: debug, present: true}]
                    direct_response: {status: 200, body: debug}
                  - name: stable
                    match: {prefix: /feature}
                    direct_response: {status: 200, body: stable}
                  - name: header-regex
                    match: {path: /header-regex, headers: [{name: x-version, regex: "v[0-9]+"}]}
                    direct_response: {status: 200, body: matched}
                  - name: header-present
                    match: {path: /header-present, headers: [{name: x-flag, present: true}]}
                    direct_response: {status: 200, body: matched}
                  - name: header-absent
                    match: {path: /header-absent, headers: [{name: x-flag, absent: true}]}
                    direct_response: {status: 200, body: matched}
                  - name: header-invert
                    match: {path: /header-invert, headers: [{name: x-env, exact: prod, invert: true}]}
                    direct_response: {status: 200, body: matched}
                  - name: query-exact
                    match: {path: /query-exact, query: [{name: v, exact: "2"}]}
                    direct_response: {status: 200, body: matched}
                  - name: query-regex
                    match: {path: /query-regex, query: [{name: v, regex: "[0-9]+"}]}
                    direct_response: {status: 200, body: matched}
                  - name: tagged
                    match: {prefix: /tagged}
                    cluster: echo
                    request_headers: {add: {x-tag: gateway}, remove: [x-drop]}
                    response_headers: {add: {x-backend: gateway}}
                  - name: old
                    match: {path: /old}
                    redirect: {path: /new, status: 308}
                  - name: secure
                    match: {prefix: /login}
                    redirect: {scheme: https, port: 8443}
                clusters:
                  - {name: echo, endpoints: [{backend: echo}]}
                demo_backends:
                  - {name: echo, kind: echo}
                """);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    private static RawHttp.Response raw(String request) throws Exception {
        return raw("main", request);
    }

    private static RawHttp.Response raw(String listener, String request) throws Exception {
        try (var raw = new RawHttp(gw.port(listener))) {
            return raw.send(request).readResponse();
        }
    }

    @Test
    void virtualHostByHostHeaderWithHeaderEdits() throws Exception {
        var r = raw("GET /x HTTP/1.1\r\nHost: API.example.com:8080\r\nx-secret: s3\r\n\r\n");
        assertThat(r.status()).isEqualTo(200);
        JsonNode headers = JSON.readTree(r.body()).get("headers");
        assertThat(headers.get("x-vhost").asText()).isEqualTo("api");
        assertThat(headers.has("x-secret")).isFalse();
        assertThat(r.header("x-served-by")).isEqualTo("gatehouse");
        assertThat(r.header("x-backend")).isNull();
    }

    @Test
    void wildcardVirtualHostAndDirectResponse() throws Exception {
        var r = raw("GET / HTTP/1.1\r\nHost: eu.shop.test\r\n\r\n");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("shop front");
        assertThat(r.header("content-type")).isEqualTo("text/plain");
        assertThat(r.header(ResponseFlag.HEADER)).isNull();
    }

    @Test
    void regexRewriteAndHostRewrite() throws Exception {
        var r = raw("GET /v1/users/7?full=1 HTTP/1.1\r\nHost: a\r\n\r\n");
        JsonNode echo = JSON.readTree(r.body());
        assertThat(echo.get("path").asText()).isEqualTo("/internal/users/7");
        assertThat(echo.get("query").get("full").get(0).asText()).isEqualTo("1");
        assertThat(echo.get("headers").get("host").asText()).isEqualTo("backend.internal");
        assertThat(echo.get("headers").get("x-forwarded-host").asText()).isEqualTo("a");
    }

    @Test
    void prefixRewrite() throws Exception {
        var r = raw("GET /strip/deep/path HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(JSON.readTree(r.body()).get("path").asText()).isEqualTo("/deep/path");
    }

    @Test
    void methodHeaderAndQueryMatchersInOrder() throws Exception {
        assertThat(raw("POST /submit HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n").status()).isEqualTo(201);
        assertThat(raw("GET /submit HTTP/1.1\r\nHost: a\r\n\r\n").status()).isEqualTo(404);
        assertThat(raw("GET /feature HTTP/1.1\r\nHost: a\r\nx-canary: 1\r\n\r\n").body()).isEqualTo("canary");
        assertThat(raw("GET /feature?debug HTTP/1.1\r\nHost: a\r\n\r\n").body()).isEqualTo("debug");
        assertThat(raw("GET /feature HTTP/1.1\r\nHost: a\r\nx-canary: 2\r\n\r\n").body()).isEqualTo("stable");
    }

    @ParameterizedTest(name = "{0} with [{1}]: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            /header-regex        | x-version: v12  | 200
            /header-regex        | x-version: v1x  | 404
            /header-regex        | ''              | 404
            /header-present      | x-flag: yes     | 200
            /header-present      | ''              | 404
            /header-absent       | ''              | 200
            /header-absent       | x-flag: yes     | 404
            /header-invert       | x-env: dev      | 200
            /header-invert       | ''              | 200
            /header-invert       | x-env: prod     | 404
            /query-exact?v=2     | ''              | 200
            /query-exact?v=%32   | ''              | 200
            /query-exact?v=22    | ''              | 404
            /query-exact         | ''              | 404
            /query-regex?v=42    | ''              | 200
            /query-regex?v=4a    | ''              | 404
            """)
    void headerAndQueryConditions(String target, String header, int status) throws Exception {
        String headerLine = header.isEmpty() ? "" : header + "\r\n";
        var r = raw("GET " + target + " HTTP/1.1\r\nHost: a\r\n" + headerLine + "\r\n");
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.header(ResponseFlag.HEADER)).isEqualTo(status == 404 ? "NR" : null);
    }

    @Test
    void prefixWildcardVirtualHostYieldsToASuffixWildcard() throws Exception {
        assertThat(raw("GET / HTTP/1.1\r\nHost: staging.example.org\r\n\r\n").body()).isEqualTo("staging");
        assertThat(raw("GET / HTTP/1.1\r\nHost: staging.shop.test\r\n\r\n").body()).isEqualTo("shop front");
        assertThat(raw("GET / HTTP/1.1\r\nHost: staging\r\n\r\n").status()).isEqualTo(404);
    }

    @Test
    void headerAddAppendsToTheRequestAndTheResponse() throws Exception {
        var r = gw.get("/tagged", "x-tag", "client", "x-drop", "1");

        JsonNode headers = JSON.readTree(r.body()).get("headers");
        assertThat(headers.get("x-tag")).extracting(JsonNode::asText).containsExactly("client", "gateway");
        assertThat(headers.has("x-drop")).isFalse();
        assertThat(r.headers().allValues("x-backend")).containsExactly("echo", "gateway");
    }

    @Test
    void redirects() throws Exception {
        var moved = raw("GET /old?q=1 HTTP/1.1\r\nHost: a.test\r\n\r\n");
        assertThat(moved.status()).isEqualTo(308);
        assertThat(moved.header("location")).isEqualTo("http://a.test/new?q=1");
        var secure = raw("GET /login HTTP/1.1\r\nHost: a.test:8080\r\n\r\n");
        assertThat(secure.status()).isEqualTo(301);
        assertThat(secure.header("location")).isEqualTo("https://a.test:8443/login");
    }

    @Test
    void trustedHopsAppendToForwardedFor() throws Exception {
        var r = raw("GET /strip/x HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 203.0.113.9\r\nX-Forwarded-Proto: https\r\n\r\n");
        JsonNode headers = JSON.readTree(r.body()).get("headers");
        assertThat(headers.get("x-forwarded-for").asText()).isEqualTo("203.0.113.9, 127.0.0.1");
        assertThat(headers.get("x-forwarded-proto").asText()).isEqualTo("https");
    }

    @Test
    void trustedHopsKeepTheForwardedHostAProxyInFrontSent() throws Exception {
        var r = raw("GET /strip/x HTTP/1.1\r\nHost: a\r\nX-Forwarded-Host: public.example\r\n\r\n");
        assertThat(JSON.readTree(r.body()).at("/headers/x-forwarded-host").asText()).isEqualTo("public.example");
    }

    @Test
    void anUntrustedClientCannotSpoofForwardedHostOrProto() throws Exception {
        var r = raw("edge", "GET /strip/x HTTP/1.1\r\nHost: a\r\nX-Forwarded-Host: evil.example\r\n"
                + "X-Forwarded-Proto: https\r\n\r\n");
        JsonNode headers = JSON.readTree(r.body()).get("headers");
        assertThat(headers.get("x-forwarded-host").asText()).as("from the Host header, not the client's claim")
                .isEqualTo("a");
        assertThat(headers.get("x-forwarded-proto").asText()).isEqualTo("http");
    }
}
