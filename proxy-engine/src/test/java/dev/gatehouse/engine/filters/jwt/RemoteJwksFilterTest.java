package dev.gatehouse.engine.filters.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.engine.testing.StubUpstream;
import dev.gatehouse.engine.testing.TestGateway;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;

/** jwt_authn with keys from a JWKS URL: fetched without blocking, counted in metrics, failures too. */
class RemoteJwksFilterTest {
    @Test
    void keysComeFromTheJwksUrlAndFetchesAreCounted() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        HttpServer jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        jwks.createContext("/jwks.json", exchange -> {
            byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
        int dead = StubUpstream.deadPort();
        try (var gw = TestGateway.start("""
                filters:
                  - name: jwt
                    type: jwt_authn
                    config:
                      providers:
                        - {name: idp, issuer: "https://idp.test", algorithms: [RS256],
                           remote_jwks: "http://127.0.0.1:%d/jwks.json"}
                  - name: jwt-down
                    type: jwt_authn
                    config:
                      providers:
                        - {name: down, issuer: "https://idp.test", algorithms: [RS256],
                           remote_jwks: {uri: "http://127.0.0.1:%d/jwks.json", fetch_timeout: 1s}}
                listeners:
                  - {name: main, address: 127.0.0.1:0, filters: [jwt]}
                  - {name: other, address: 127.0.0.1:0, filters: [jwt-down]}
                routes:
                  - {name: api, match: {prefix: /}, direct_response: {status: 200, body: "in"}}
                """.formatted(jwks.getAddress().getPort(), dead))) {
            var claims = new JWTClaimsSet.Builder().issuer("https://idp.test").subject("alice")
                    .expirationTime(Date.from(Instant.now().plusSeconds(300))).build();
            var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").type(JOSEObjectType.JWT).build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            var ok = gw.get("/x", "authorization", "Bearer " + jwt.serialize());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("in");

            var other = java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + gw.port("other") + "/x"))
                    .header("authorization", "Bearer " + jwt.serialize()).build();
            assertThat(gw.send(other).statusCode()).isEqualTo(401); // keys unavailable: never a 500

            String metrics = gw.gateway().metrics().scrapeText();
            assertThat(metrics).containsPattern(
                    "gatehouse_jwks_fetches_total\\{filter=\"jwt\",provider=\"idp\",result=\"fetched\"} [1-9]");
            assertThat(metrics).containsPattern(
                    "gatehouse_jwks_fetches_total\\{filter=\"jwt-down\",provider=\"down\",result=\"failed\"} [1-9]");
        } finally {
            jwks.stop(0);
        }
    }
}
