package dev.gatehouse.engine.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Filter types that exist only on the test classpath, registered the way a third-party jar would
 * register its own (META-INF/services), to prove the SPI is open.
 */
public final class TestFilterProviders {
    private TestFilterProviders() {
    }

    /** {@code require_key}: 401 without the configured header; otherwise names the consumer. */
    public static final class RequireKey implements HttpFilterProvider {
        @Override
        public String type() {
            return "require_key";
        }

        @Override
        public List<ConfigProblem> validate(JsonNode config) {
            List<ConfigProblem> problems = new ArrayList<>();
            if (!config.path("header").isTextual()) {
                problems.add(new ConfigProblem("header", "required: the header that carries the key"));
            }
            return problems;
        }

        @Override
        public HttpFilterFactory factory(FilterSetup setup) {
            JsonNode config = setup.config();
            String header = config.get("header").asText();
            return () -> new HttpFilter() {
                @Override
                public FilterStatus onRequestHeaders(FilterContext ctx, HttpHeaders headers) {
                    String key = headers.get(header);
                    if (key == null) {
                        HttpHeaders extra = new DefaultHttpHeaders().set("www-authenticate", "ApiKey");
                        return ctx.reply(401, "missing " + header + "\n", extra);
                    }
                    ctx.consumer("key-" + key);
                    ctx.annotate("consumer", "key-" + key);
                    return FilterStatus.CONTINUE;
                }
            };
        }
    }

    /** {@code explode}: throws in the request phase when {@code enabled}. */
    public static final class Explode implements HttpFilterProvider {
        @Override
        public String type() {
            return "explode";
        }

        @Override
        public List<ConfigProblem> validate(JsonNode config) {
            return List.of();
        }

        @Override
        public HttpFilterFactory factory(FilterSetup setup) {
            JsonNode config = setup.config();
            boolean enabled = config.path("enabled").asBoolean(false);
            return () -> new HttpFilter() {
                @Override
                public FilterStatus onRequestHeaders(FilterContext ctx, HttpHeaders headers) {
                    if (enabled) {
                        throw new IllegalStateException("boom");
                    }
                    return FilterStatus.CONTINUE;
                }
            };
        }
    }

    /** {@code later}: pauses every request for a few milliseconds, as async work (JWKS, Redis) would. */
    public static final class Later implements HttpFilterProvider {
        @Override
        public String type() {
            return "later";
        }

        @Override
        public List<ConfigProblem> validate(JsonNode config) {
            return List.of();
        }

        @Override
        public HttpFilterFactory factory(FilterSetup setup) {
            JsonNode config = setup.config();
            long delayMs = config.path("delay_ms").asLong(20);
            return () -> new HttpFilter() {
                @Override
                public FilterStatus onRequestHeaders(FilterContext ctx, HttpHeaders headers) {
                    ctx.annotate("waited_ms", Long.toString(delayMs));
                    // Resume from another thread on purpose: the context must hop back to the event loop.
                    new Thread(() -> {
                        try {
                            TimeUnit.MILLISECONDS.sleep(delayMs);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        ctx.resume();
                    }).start();
                    return FilterStatus.STOP;
                }
            };
        }
    }

    /** {@code shout}: buffers the response body (up to {@code limit}) and upper-cases it. */
    public static final class Shout implements HttpFilterProvider {
        @Override
        public String type() {
            return "shout";
        }

        @Override
        public List<ConfigProblem> validate(JsonNode config) {
            return List.of();
        }

        @Override
        public HttpFilterFactory factory(FilterSetup setup) {
            int limit = setup.config().path("limit").asInt(1 << 20);
            BodyLimit overLimit = BodyLimit.valueOf(setup.config().path("over_limit").asText("REJECT"));
            return () -> new HttpFilter() {
                @Override
                public FilterStatus onResponseHeaders(FilterContext ctx, int status, HttpHeaders headers) {
                    ctx.bufferResponseBody(limit, overLimit);
                    return FilterStatus.CONTINUE;
                }

                @Override
                public FilterStatus onResponseBody(FilterContext ctx, BodyChunk body) {
                    String text = body.content().toString(java.nio.charset.StandardCharsets.UTF_8);
                    body.replace(io.netty.buffer.Unpooled.copiedBuffer(text.toUpperCase(java.util.Locale.ROOT) + "!",
                            java.nio.charset.StandardCharsets.UTF_8));
                    ctx.annotate("bytes", Integer.toString(text.length()));
                    return FilterStatus.CONTINUE;
                }
            };
        }
    }

    /** {@code scrub}: reads whole request bodies; 403 on "attack", "secret" becomes "[redacted]". */
    public static final class Scrub implements HttpFilterProvider {
        @Override
        public String type() {
            return "scrub";
        }

        @Override
        public List<ConfigProblem> validate(JsonNode config) {
            return List.of();
        }

        @Override
        public HttpFilterFactory factory(FilterSetup setup) {
            int limit = setup.config().path("limit").asInt(1 << 20);
            BodyLimit overLimit = BodyLimit.valueOf(setup.config().path("over_limit").asText("REJECT"));
            return () -> new HttpFilter() {
                @Override
                public FilterStatus onRequestHeaders(FilterContext ctx, HttpHeaders headers) {
                    ctx.bufferRequestBody(limit, overLimit);
                    return FilterStatus.CONTINUE;
                }

                @Override
                public FilterStatus onRequestBody(FilterContext ctx, BodyChunk body) {
                    String text = body.content().toString(java.nio.charset.StandardCharsets.UTF_8);
                    if (text.contains("attack")) {
                        return ctx.reply(403, "blocked\n", null);
                    }
                    if (text.contains("secret")) {
                        body.replace(io.netty.buffer.Unpooled.copiedBuffer(text.replace("secret", "[redacted]"),
                                java.nio.charset.StandardCharsets.UTF_8));
                    }
                    return FilterStatus.CONTINUE;
                }
            };
        }
    }

    /** {@code censor}: watches both bodies as they stream; "bad" becomes "***", "stop" in a request is refused. */
    public static final class Censor implements HttpFilterProvider {
        @Override
        public String type() {
            return "censor";
        }

        @Override
        public List<ConfigProblem> validate(JsonNode config) {
            return List.of();
        }

        @Override
        public HttpFilterFactory factory(FilterSetup setup) {
            return () -> new HttpFilter() {
                @Override
                public FilterStatus onRequestHeaders(FilterContext ctx, HttpHeaders headers) {
                    ctx.watchRequestBody();
                    return FilterStatus.CONTINUE;
                }

                @Override
                public FilterStatus onRequestBody(FilterContext ctx, BodyChunk body) {
                    String text = body.content().toString(java.nio.charset.StandardCharsets.ISO_8859_1);
                    if (text.contains("stop")) {
                        return ctx.reply(400, "stopped\n", null);
                    }
                    censor(body, text);
                    return FilterStatus.CONTINUE;
                }

                @Override
                public FilterStatus onResponseHeaders(FilterContext ctx, int status, HttpHeaders headers) {
                    ctx.watchResponseBody();
                    return FilterStatus.CONTINUE;
                }

                @Override
                public FilterStatus onResponseBody(FilterContext ctx, BodyChunk body) {
                    censor(body, body.content().toString(java.nio.charset.StandardCharsets.ISO_8859_1));
                    return FilterStatus.CONTINUE;
                }

                private void censor(BodyChunk body, String text) {
                    if (text.contains("bad")) {
                        body.replace(io.netty.buffer.Unpooled.copiedBuffer(text.replace("bad", "***"),
                                java.nio.charset.StandardCharsets.ISO_8859_1));
                    }
                }
            };
        }
    }

    /** {@code trailers}: notes a trailer of each direction in the trace, and adds one to requests. */
    public static final class Trailers implements HttpFilterProvider {
        @Override
        public String type() {
            return "trailers";
        }

        @Override
        public List<ConfigProblem> validate(JsonNode config) {
            return List.of();
        }

        @Override
        public HttpFilterFactory factory(FilterSetup setup) {
            return () -> new HttpFilter() {
                @Override
                public FilterStatus onRequestTrailers(FilterContext ctx, HttpHeaders trailers) {
                    ctx.annotate("checksum", String.valueOf(trailers.get("x-checksum")));
                    trailers.set("x-checked", "yes");
                    ctx.markModified();
                    return FilterStatus.CONTINUE;
                }

                @Override
                public FilterStatus onResponseTrailers(FilterContext ctx, HttpHeaders trailers) {
                    ctx.annotate("status", String.valueOf(trailers.get("grpc-status")));
                    return FilterStatus.CONTINUE;
                }
            };
        }
    }

    /** {@code late_stamp}: pauses each response head, stamps it from async work, then resumes. */
    public static final class LateStamp implements HttpFilterProvider {
        @Override
        public String type() {
            return "late_stamp";
        }

        @Override
        public List<ConfigProblem> validate(JsonNode config) {
            return List.of();
        }

        @Override
        public HttpFilterFactory factory(FilterSetup setup) {
            return () -> new HttpFilter() {
                @Override
                public FilterStatus onResponseHeaders(FilterContext ctx, int status, HttpHeaders headers) {
                    new Thread(() -> {
                        try {
                            TimeUnit.MILLISECONDS.sleep(20);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        ctx.eventLoop().execute(() -> {
                            headers.set("x-late", "yes");
                            ctx.resume();
                        });
                    }).start();
                    return FilterStatus.STOP;
                }
            };
        }
    }
}
