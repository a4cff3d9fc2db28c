package dev.gatehouse.engine.filters.jwt;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gets JWKS documents over HTTP without ever blocking the caller: the request is started on the
 * HTTP client's executor (so not even a DNS lookup happens on an event loop), bounded in time and
 * in size.
 */
final class JwksFetcher {
    /** Real key sets are a few kilobytes; this leaves room for large certificate chains. */
    static final int MAX_JWKS_BYTES = 512 * 1024;

    private final HttpClient client;
    private final Executor executor;

    JwksFetcher(HttpClient client) {
        this.client = Objects.requireNonNull(client, "client");
        this.executor = client.executor().orElse(ForkJoinPool.commonPool());
    }

    /** One client for all verifiers that were given none, so they share its selector thread and pool. */
    static JwksFetcher shared() {
        return Shared.INSTANCE;
    }

    /**
     * The body of a 200 response from {@code uri}; otherwise fails with a {@link JwksFetchException}
     * whose message is the reason, worded the same way each time the same problem recurs, so a log
     * can tell a new failure from a repeat.
     */
    CompletableFuture<byte[]> fetch(URI uri, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/jwk-set+json, application/json")
                .GET()
                .build();
        return CompletableFuture.supplyAsync(() -> client.sendAsync(request, info -> info.statusCode() == 200
                        ? new BoundedBody(MAX_JWKS_BYTES)
                        : HttpResponse.BodySubscribers.replacing((byte[]) null)), executor)
                .thenCompose(sent -> sent)
                // The request timeout covers the response head; this bounds the body as well.
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, error) -> {
                    if (error != null) {
                        throw new JwksFetchException(reason(error, timeout));
                    }
                    if (response.statusCode() != 200) {
                        throw new JwksFetchException("HTTP " + response.statusCode());
                    }
                    return response.body();
                });
    }

    private static String reason(Throwable error, Duration timeout) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
            return "timed out after " + timeout.toMillis() + " ms";
        }
        if (cause instanceof ConnectException) {
            return "connection refused or unreachable";
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** A failed fetch; its message is the reason. */
    static final class JwksFetchException extends RuntimeException {
        JwksFetchException(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final class Shared {
        static final JwksFetcher INSTANCE = new JwksFetcher(HttpClient.newBuilder()
                .executor(daemonPool())
                // Keys come from exactly the configured URL; a redirect is reported as its status.
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build());

        private static ExecutorService daemonPool() {
            AtomicInteger n = new AtomicInteger();
            return Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "gatehouse-jwks-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
    }
}
