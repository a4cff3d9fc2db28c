package dev.gatehouse.engine.filters.jwt;

import static dev.gatehouse.engine.filters.jwt.Fixtures.waitFor;
import static dev.gatehouse.engine.filters.jwt.Fixtures.immediate;
import static dev.gatehouse.engine.filters.jwt.Fixtures.rejection;
import static dev.gatehouse.engine.filters.jwt.Fixtures.verified;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A real key server on a loopback socket; time moves only when the test moves the clock, so cache
 * ages and the refetch rate limit are exact. Nothing sleeps: tests wait on completion stages, or
 * poll with Awaitility for what happens in the background.
 */
class RemoteJwksTest {
    private static final Duration MIN_REFETCH = Duration.ofSeconds(30);
    private static final Duration REFRESH = Duration.ofMinutes(5);
    private static final Duration CACHE = Duration.ofMinutes(10);

    private final MutableClock clock = new MutableClock();
    private final JwksServer server = new JwksServer();
    private final RecordingListener listener = new RecordingListener();

    RemoteJwksTest() throws IOException {
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private JwtVerifier verifier(Duration fetchTimeout) {
        return verifier("remote", fetchTimeout);
    }

    private JwtVerifier verifier(String name, Duration fetchTimeout) {
        KeySource keys = new KeySource.RemoteJwks(server.uri(), CACHE, REFRESH, fetchTimeout, MIN_REFETCH);
        return JwtVerifier.builder(JwtProvider.of(name, Tokens.ISSUER, keys, JwsAlgorithm.RS256))
                .clock(clock).jwksListener(listener).build();
    }

    private JwtVerifier verifier() {
        return verifier(Duration.ofSeconds(5));
    }

    private String token(RSAKey key, String kid) {
        return Tokens.sign(TestKeys.signer(key), JWSAlgorithm.RS256, kid, Tokens.claims(clock.now()).build());
    }

    private JwtVerifier warmVerifier() {
        server.serve(TestKeys.jwks(TestKeys.RSA));
        JwtVerifier v = verifier();
        assertThat(waitFor(v.refreshIfDue()).healthy()).isTrue();
        return v;
    }

    @Test
    void firstTokenWaitsForTheFetchAndLaterOnesUseTheCache() {
        server.serve(TestKeys.jwks(TestKeys.RSA));
        JwtVerifier v = verifier();

        verified(waitFor(v.verify(token(TestKeys.RSA, "rsa-1"))));
        verified(immediate(v.verify(token(TestKeys.RSA, "rsa-1"))));

        assertThat(server.hits()).isEqualTo(1);
        KeySetStatus status = v.keyStatus();
        assertThat(status.keyCount()).isEqualTo(1);
        assertThat(status.loadedAt()).isEqualTo(MutableClock.START);
        assertThat(status.fetches()).isEqualTo(1);
        assertThat(status.source()).isEqualTo(server.uri().toString());
        assertThat(listener.events).containsExactly("fetched 1");
    }

    @Test
    void warmUpLoadsTheKeysBeforeTheFirstRequest() {
        JwtVerifier v = warmVerifier();

        verified(immediate(v.verify(token(TestKeys.RSA, "rsa-1"))));
        assertThat(waitFor(v.refreshIfDue()).fetches()).as("fresh keys are not refetched").isEqualTo(1);
    }

    @Test
    void aNewKidTriggersOneRefetchAndThenVerifies() {
        JwtVerifier v = warmVerifier();
        server.serve(TestKeys.jwks(TestKeys.RSA, TestKeys.RSA_ROTATED));
        clock.advance(MIN_REFETCH);

        verified(waitFor(v.verify(token(TestKeys.RSA_ROTATED, "rsa-2"))));
        verified(immediate(v.verify(token(TestKeys.RSA_ROTATED, "rsa-2"))));
        verified(immediate(v.verify(token(TestKeys.RSA, "rsa-1"))));

        assertThat(server.hits()).isEqualTo(2);
        assertThat(listener.events).containsExactly("fetched 1", "fetched 2");
    }

    @Test
    void aRetiredKeyStopsWorkingOnceTheSetIsRefetched() {
        JwtVerifier v = warmVerifier();
        server.serve(TestKeys.jwks(TestKeys.RSA_ROTATED));
        clock.advance(MIN_REFETCH);
        verified(waitFor(v.verify(token(TestKeys.RSA_ROTATED, "rsa-2"))));

        JwtRejection r = rejection(immediate(v.verify(token(TestKeys.RSA, "rsa-1"))));

        assertThat(r.failure()).isEqualTo(JwtFailure.UNKNOWN_KEY);
        assertThat(server.hits()).as("the refetch for rsa-1 falls inside the rate limit").isEqualTo(2);
    }

    @Test
    void unknownKidRefetchesAreRateLimitedUnderConcurrentLoad() throws Exception {
        JwtVerifier v = warmVerifier();
        clock.advance(MIN_REFETCH);
        server.hold();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            tokens.add(token(TestKeys.RSA_ROTATED, "ghost-" + i));
        }

        List<CompletionStage<JwtOutcome>> stages = verifyConcurrently(v, tokens);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.hits() == 2);
        assertThat(stages).as("all wait on the one fetch in flight")
                .allSatisfy(s -> assertThat(s.toCompletableFuture()).isNotDone());
        server.release();

        for (CompletionStage<JwtOutcome> stage : stages) {
            assertThat(rejection(waitFor(stage)).failure()).isEqualTo(JwtFailure.UNKNOWN_KEY);
        }
        for (String token : tokens.subList(0, 10)) {
            assertThat(rejection(immediate(v.verify(token))).failure()).isEqualTo(JwtFailure.UNKNOWN_KEY);
        }
        assertThat(server.hits()).isEqualTo(2);
        assertThat(v.keyStatus().suppressedRefetches()).isEqualTo(10);
        assertThat(listener.events).filteredOn(e -> e.equals("suppressed")).hasSize(10);

        clock.advance(MIN_REFETCH);
        assertThat(rejection(waitFor(v.verify(tokens.get(0)))).failure()).isEqualTo(JwtFailure.UNKNOWN_KEY);
        assertThat(server.hits()).as("one more fetch once the interval has passed").isEqualTo(3);
    }

    @Test
    void errorStatusWithoutKeysIsAClearRejectionAndAVisibleReason() {
        server.failWith(500);
        JwtVerifier v = verifier();

        JwtRejection r = rejection(waitFor(v.verify(token(TestKeys.RSA, "rsa-1"))));

        assertThat(r.failure()).isEqualTo(JwtFailure.KEYS_UNAVAILABLE);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.wwwAuthenticate()).contains("error_description=\"signing keys unavailable\"");
        assertThat(r.detail()).isEqualTo("no keys from " + server.uri() + ": HTTP 500");
        KeySetStatus status = v.keyStatus();
        assertThat(status.lastFailure()).isEqualTo("HTTP 500");
        assertThat(status.lastFailureAt()).isEqualTo(MutableClock.START);
        assertThat(status.fetchFailures()).isEqualTo(1);
        assertThat(status.healthy()).isFalse();
        assertThat(listener.events).containsExactly("failed HTTP 500");
    }

    @Test
    void aFailingServerIsNotHammeredAndRecoveryIsPickedUp() {
        server.failWith(503);
        JwtVerifier v = verifier();
        rejection(waitFor(v.verify(token(TestKeys.RSA, "rsa-1"))));

        for (int i = 0; i < 20; i++) {
            assertThat(rejection(immediate(v.verify(token(TestKeys.RSA, "rsa-1")))).failure())
                    .isEqualTo(JwtFailure.KEYS_UNAVAILABLE);
        }
        assertThat(server.hits()).isEqualTo(1);

        server.serve(TestKeys.jwks(TestKeys.RSA));
        clock.advance(MIN_REFETCH);
        verified(waitFor(v.verify(token(TestKeys.RSA, "rsa-1"))));
        assertThat(v.keyStatus().healthy()).isTrue();
        assertThat(v.keyStatus().lastFailure()).isNull();
    }

    @Test
    void serverDown() {
        server.stop();
        JwtVerifier v = verifier();

        JwtRejection r = rejection(waitFor(v.verify(token(TestKeys.RSA, "rsa-1"))));

        assertThat(r.failure()).isEqualTo(JwtFailure.KEYS_UNAVAILABLE);
        assertThat(v.keyStatus().lastFailure()).isEqualTo("connection refused or unreachable");
    }

    @Test
    void serverTooSlow() {
        server.hold();
        JwtVerifier v = verifier(Duration.ofMillis(300));

        CompletionStage<JwtOutcome> stage = v.verify(token(TestKeys.RSA, "rsa-1"));

        assertThat(stage.toCompletableFuture()).as("verify returns without waiting for the fetch").isNotDone();
        assertThat(rejection(waitFor(stage)).detail()).endsWith("timed out after 300 ms");
        assertThat(v.keyStatus().lastFailure()).isEqualTo("timed out after 300 ms");
    }

    @Test
    void unusableDocuments() {
        JwtVerifier v = verifier();
        server.serve("<html>not json</html>");
        waitFor(v.refreshIfDue());
        assertThat(v.keyStatus().lastFailure()).startsWith("invalid JWKS");

        server.serve("{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}]}");
        clock.advance(MIN_REFETCH);
        waitFor(v.refreshIfDue());
        assertThat(v.keyStatus().lastFailure()).startsWith("no usable signing key in the JWKS");

        server.serve("{\"keys\":[],\"pad\":\"" + "x".repeat(JwksFetcher.MAX_JWKS_BYTES) + "\"}");
        clock.advance(MIN_REFETCH);
        waitFor(v.refreshIfDue());
        assertThat(v.keyStatus().lastFailure()).isEqualTo("IOException: body larger than 524288 bytes");
        assertThat(v.keyStatus().fetchFailures()).isEqualTo(3);
    }

    @Test
    void cachedKeysKeepWorkingWhileTheServerIsDown() {
        JwtVerifier v = warmVerifier();
        server.stop();

        clock.advance(REFRESH.plusSeconds(1));
        verified(immediate(v.verify(token(TestKeys.RSA, "rsa-1"))));
        await().atMost(Duration.ofSeconds(10)).until(() -> v.keyStatus().fetchFailures() == 1);
        assertThat(v.keyStatus().keyCount()).isEqualTo(1);
        assertThat(v.keyStatus().lastFailure()).isEqualTo("connection refused or unreachable");

        // Past the cache duration the request waits for a refetch, which fails: the old keys still serve.
        clock.advance(CACHE);
        verified(waitFor(v.verify(token(TestKeys.RSA, "rsa-1"))));
        assertThat(v.keyStatus().fetchFailures()).isEqualTo(2);
    }

    @Test
    void backgroundRefreshPicksUpNewKeysWithoutDelayingRequests() {
        JwtVerifier v = warmVerifier();
        server.serve(TestKeys.jwks(TestKeys.RSA, TestKeys.RSA_ROTATED));
        clock.advance(REFRESH);

        verified(immediate(v.verify(token(TestKeys.RSA, "rsa-1"))));
        await().atMost(Duration.ofSeconds(10)).until(() -> v.keyStatus().keyCount() == 2);

        verified(immediate(v.verify(token(TestKeys.RSA_ROTATED, "rsa-2"))));
        assertThat(server.hits()).isEqualTo(2);
        assertThat(v.keyStatus().loadedAt()).isEqualTo(MutableClock.START.plus(REFRESH));
    }

    @Test
    void keysPastTheCacheDurationAreRefreshedBeforeUse() {
        JwtVerifier v = warmVerifier();
        clock.advance(CACHE);
        server.hold();

        CompletionStage<JwtOutcome> stage = v.verify(token(TestKeys.RSA, "rsa-1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> server.hits() == 2);
        assertThat(stage.toCompletableFuture()).isNotDone();
        server.release();

        verified(waitFor(stage));
        assertThat(v.keyStatus().loadedAt()).isEqualTo(MutableClock.START.plus(CACHE));
    }

    @Test
    void aFailureIsLoggedOncePerChangeOfReason() {
        Logger logger = (Logger) LoggerFactory.getLogger(RemoteJwks.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Level level = logger.getLevel();
        logger.addAppender(appender);
        logger.setLevel(Level.INFO);
        try {
            JwtVerifier v = verifier("log-once", Duration.ofSeconds(5));
            server.failWith(500);
            for (int i = 0; i < 3; i++) {
                waitFor(v.refreshIfDue());
                clock.advance(MIN_REFETCH);
            }
            server.failWith(502);
            waitFor(v.refreshIfDue());
            clock.advance(MIN_REFETCH);
            server.serve(TestKeys.jwks(TestKeys.RSA));
            waitFor(v.refreshIfDue());

            List<String> lines = appender.list.stream()
                    .filter(e -> e.getFormattedMessage().contains("'log-once'"))
                    .map(e -> e.getLevel() + " " + e.getFormattedMessage())
                    .toList();
            assertThat(v.keyStatus().fetchFailures()).isEqualTo(4);
            assertThat(lines).hasSize(3);
            assertThat(lines.get(0)).startsWith("WARN").contains("HTTP 500", "no keys yet");
            assertThat(lines.get(1)).startsWith("WARN").contains("HTTP 502");
            assertThat(lines.get(2)).startsWith("INFO").contains("recovered");
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(level);
        }
    }

    private static List<CompletionStage<JwtOutcome>> verifyConcurrently(JwtVerifier v, List<String> tokens)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<CompletionStage<JwtOutcome>>> calls = new ArrayList<>();
            for (String t : tokens) {
                calls.add(() -> v.verify(t));
            }
            List<CompletionStage<JwtOutcome>> stages = new ArrayList<>();
            for (Future<CompletionStage<JwtOutcome>> f : pool.invokeAll(calls)) {
                stages.add(f.get());
            }
            return stages;
        } finally {
            pool.shutdown();
        }
    }

    private static final class RecordingListener implements JwksListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void fetched(String provider, URI uri, int keyCount) {
            events.add("fetched " + keyCount);
        }

        @Override
        public void fetchFailed(String provider, URI uri, String reason) {
            events.add("failed " + reason);
        }

        @Override
        public void refetchSuppressed(String provider, URI uri) {
            events.add("suppressed");
        }
    }
}
