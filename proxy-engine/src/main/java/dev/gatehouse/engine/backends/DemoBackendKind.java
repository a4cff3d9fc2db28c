package dev.gatehouse.engine.backends;

import java.util.List;
import java.util.Objects;

/**
 * What a demo backend does with its requests, together with that kind's settings. Each kind has the
 * name config files use ({@link #kindName()}) and defaults ({@link #defaults(String)}), so a config
 * entry that names only its kind needs nothing more.
 */
public sealed interface DemoBackendKind
        permits DemoBackendKind.Echo, DemoBackendKind.Web, DemoBackendKind.Sink, DemoBackendKind.Stream,
        DemoBackendKind.WebSocket, DemoBackendKind.UserService {

    /** Every kind name, in the order they are documented. */
    List<String> NAMES = List.of("echo", "web", "sink", "stream", "websocket", "user_service");

    /** The name config files use for this kind, one of {@link #NAMES}. */
    String kindName();

    /**
     * The kind called {@code kindName} with its default settings.
     *
     * @throws IllegalArgumentException if the name is not one of {@link #NAMES}
     */
    static DemoBackendKind defaults(String kindName) {
        Objects.requireNonNull(kindName, "kindName");
        return switch (kindName) {
            case "echo" -> new Echo(Echo.DEFAULT_MAX_BODY_BYTES);
            case "web" -> new Web();
            case "sink" -> new Sink();
            case "stream" -> new Stream(Stream.DEFAULT_CHUNK_BYTES, Stream.DEFAULT_MAX_RESPONSE_BYTES);
            case "websocket" -> new WebSocket(WebSocket.DEFAULT_MAX_MESSAGE_BYTES);
            case "user_service" -> new UserService();
            default -> throw new IllegalArgumentException(
                    "unknown demo backend kind '" + kindName + "', expected one of " + NAMES);
        };
    }

    /**
     * The kind called {@code kindName} with settings from config ({@code max_body_bytes} for echo,
     * {@code chunk_bytes} and {@code max_response_bytes} for stream, {@code max_message_bytes} for
     * websocket); anything unset keeps its default.
     *
     * @throws IllegalArgumentException naming the unknown kind, unknown setting or bad value
     */
    static DemoBackendKind of(String kindName, java.util.Map<String, String> settings) {
        DemoBackendKind kind = defaults(kindName);
        var known = switch (kindName) {
            case "echo" -> List.of("max_body_bytes");
            case "stream" -> List.of("chunk_bytes", "max_response_bytes");
            case "websocket" -> List.of("max_message_bytes");
            default -> List.<String>of();
        };
        for (String key : settings.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("demo backend kind '" + kindName + "' has no setting '" + key
                        + "'" + (known.isEmpty() ? "" : " (known: " + String.join(", ", known) + ")"));
            }
        }
        try {
            if (kind instanceof Echo e) {
                return new Echo(intSetting(settings, "max_body_bytes", e.maxBodyBytes()));
            }
            if (kind instanceof Stream st) {
                return new Stream(intSetting(settings, "chunk_bytes", st.chunkBytes()),
                        Long.parseLong(settings.getOrDefault("max_response_bytes", Long.toString(st.maxResponseBytes()))));
            }
            if (kind instanceof WebSocket w) {
                return new WebSocket(intSetting(settings, "max_message_bytes", w.maxMessageBytes()));
            }
            return kind;
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("demo backend setting is not a whole number: " + ex.getMessage());
        }
    }

    private static int intSetting(java.util.Map<String, String> settings, String key, int fallback) {
        String v = settings.get(key);
        return v == null ? fallback : Integer.parseInt(v.trim());
    }

    /**
     * Answers every request with a JSON description of it. Request headers steer the answer:
     * {@code x-echo-status} sets the status, {@code x-echo-delay-ms} delays it, {@code x-echo-close: 1}
     * resets the connection (the stream, over HTTP/2) instead of answering.
     *
     * @param maxBodyBytes largest request body echoed; a larger one gets 413
     */
    record Echo(int maxBodyBytes) implements DemoBackendKind {
        public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

        public Echo {
            requirePositive(maxBodyBytes, "maxBodyBytes");
        }

        @Override
        public String kindName() {
            return "echo";
        }
    }

    /** Serves a small HTML page naming the instance, for any path; GET and HEAD only. */
    record Web() implements DemoBackendKind {
        @Override
        public String kindName() {
            return "web";
        }
    }

    /**
     * Reads request bodies of any size without holding them and answers
     * {@code {"bytes":N,"sha256":"<hex>"}}, for upload and streaming tests.
     */
    record Sink() implements DemoBackendKind {
        @Override
        public String kindName() {
            return "sink";
        }
    }

    /**
     * {@code GET /bytes/N} answers N bytes of printable ASCII, byte {@code i} being
     * {@code '!' + i % 94}, written only as fast as the client reads.
     *
     * @param chunkBytes       size of each write
     * @param maxResponseBytes largest N served; a larger one gets 400
     */
    record Stream(int chunkBytes, long maxResponseBytes) implements DemoBackendKind {
        public static final int DEFAULT_CHUNK_BYTES = 16 * 1024;
        public static final long DEFAULT_MAX_RESPONSE_BYTES = 16L << 30;
        /** Bigger chunks buy nothing once they exceed the socket buffers. */
        public static final int MAX_CHUNK_BYTES = 1 << 20;

        public Stream {
            requirePositive(chunkBytes, "chunkBytes");
            if (chunkBytes > MAX_CHUNK_BYTES) {
                throw new IllegalArgumentException("chunkBytes must be <= " + MAX_CHUNK_BYTES + ": " + chunkBytes);
            }
            if (maxResponseBytes < 0) {
                throw new IllegalArgumentException("maxResponseBytes must be >= 0: " + maxResponseBytes);
            }
        }

        @Override
        public String kindName() {
            return "stream";
        }
    }

    /**
     * A WebSocket echo at every path: text and binary messages come back unchanged. A plain HTTP
     * request gets 426 with a short page. HTTP/1.1 only.
     *
     * @param maxMessageBytes largest message, after joining its fragments; a larger one closes the socket
     */
    record WebSocket(int maxMessageBytes) implements DemoBackendKind {
        public static final int DEFAULT_MAX_MESSAGE_BYTES = 1 << 20;

        public WebSocket {
            requirePositive(maxMessageBytes, "maxMessageBytes");
        }

        @Override
        public String kindName() {
            return "websocket";
        }
    }

    /**
     * A demo "user service" whose answers carry personal data, for masking labs: {@code GET /user/12345}
     * answers one user as JSON (SSN, card number, name), {@code GET /users} a list with nested contact
     * details; anything else 404.
     */
    record UserService() implements DemoBackendKind {
        @Override
        public String kindName() {
            return "user_service";
        }
    }

    private static void requirePositive(long value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1: " + value);
        }
    }
}
