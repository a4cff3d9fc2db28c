package dev.gatehouse.engine.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Test filters that pause (STOP) or gather (BUFFER) bodies, to drive the body-phase pause machinery. */
public final class BodyPauseFilters {
    private BodyPauseFilters() {
    }

    /**
     * {@code hold}: pauses every body call of one direction ({@code body: request|response}) and resumes
     * from another thread a moment later; {@code mode: buffered} asks for the whole body and prefixes
     * it with "held:" before resuming.
     */
    public static final class Hold implements HttpFilterProvider {
        @Override
        public String type() {
            return "hold";
        }

        @Override
        public List<ConfigProblem> validate(JsonNode config) {
            return List.of();
        }

        @Override
        public HttpFilterFactory factory(FilterSetup setup) {
            boolean request = setup.config().path("body").asText("response").equals("request");
            boolean buffered = setup.config().path("mode").asText("streamed").equals("buffered");
            boolean firstOnly = setup.config().path("first_only").asBoolean(false);
            long delayMillis = setup.config().path("delay_ms").asLong(2);
            return () -> new HttpFilter() {
                private boolean held;

                @Override
                public FilterStatus onRequestHeaders(FilterContext ctx, HttpHeaders headers) {
                    if (request) {
                        if (buffered) {
                            ctx.bufferRequestBody(1 << 20, BodyLimit.REJECT);
                        } else {
                            ctx.watchRequestBody();
                        }
                    }
                    return FilterStatus.CONTINUE;
                }

                @Override
                public FilterStatus onResponseHeaders(FilterContext ctx, int status, HttpHeaders headers) {
                    if (!request) {
                        if (buffered) {
                            ctx.bufferResponseBody(1 << 20, BodyLimit.REJECT);
                        } else {
                            ctx.watchResponseBody();
                        }
                    }
                    return FilterStatus.CONTINUE;
                }

                @Override
                public FilterStatus onRequestBody(FilterContext ctx, BodyChunk body) {
                    return hold(ctx, body);
                }

                @Override
                public FilterStatus onResponseBody(FilterContext ctx, BodyChunk body) {
                    return hold(ctx, body);
                }

                private FilterStatus hold(FilterContext ctx, BodyChunk body) {
                    if (firstOnly && held) {
                        return FilterStatus.CONTINUE;
                    }
                    held = true;
                    CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS).execute(() -> ctx.eventLoop().execute(() -> {
                        if (buffered) {
                            String text = "held:" + body.content().toString(StandardCharsets.UTF_8);
                            body.replace(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
                        }
                        ctx.resume();
                    }));
                    return FilterStatus.STOP;
                }
            };
        }
    }

    /**
     * {@code gather}: watches one body ({@code body: request|response}, resizable, at most
     * {@code max_bytes}), answers BUFFER until the end and then replaces the whole body with
     * {@code <N chunks>} followed by the body in upper case, so its length changes.
     */
    public static final class Gather implements HttpFilterProvider {
        @Override
        public String type() {
            return "gather";
        }

        @Override
        public List<ConfigProblem> validate(JsonNode config) {
            return List.of();
        }

        @Override
        public HttpFilterFactory factory(FilterSetup setup) {
            boolean request = setup.config().path("body").asText("response").equals("request");
            int maxBytes = setup.config().path("max_bytes").asInt(1 << 20);
            return () -> new HttpFilter() {
                private int calls;

                @Override
                public FilterStatus onRequestHeaders(FilterContext ctx, HttpHeaders headers) {
                    if (request) {
                        ctx.watchRequestBody(maxBytes, true);
                    }
                    return FilterStatus.CONTINUE;
                }

                @Override
                public FilterStatus onResponseHeaders(FilterContext ctx, int status, HttpHeaders headers) {
                    if (!request) {
                        ctx.watchResponseBody(maxBytes, true);
                    }
                    return FilterStatus.CONTINUE;
                }

                @Override
                public FilterStatus onRequestBody(FilterContext ctx, BodyChunk body) {
                    return gather(body);
                }

                @Override
                public FilterStatus onResponseBody(FilterContext ctx, BodyChunk body) {
                    return gather(body);
                }

                private FilterStatus gather(BodyChunk body) {
                    calls++;
                    if (!body.endOfStream()) {
                        return FilterStatus.BUFFER;
                    }
                    String whole = body.content().toString(StandardCharsets.UTF_8);
                    String text = "<" + calls + " calls>" + whole.toUpperCase(java.util.Locale.ROOT);
                    body.replace(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
                    return FilterStatus.CONTINUE;
                }
            };
        }
    }
}
