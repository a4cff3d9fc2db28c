package dev.gatehouse.engine.filters.keyauth;

import dev.gatehouse.engine.config.ConsumerConfig;
import dev.gatehouse.engine.filter.FilterContext;
import dev.gatehouse.engine.filter.FilterStatus;
import dev.gatehouse.engine.filter.HttpFilter;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the request's API key (header first, then the query parameter), names its consumer, and
 * answers 401 when the key is missing or unknown. Stateless: one instance serves every request.
 */
final class KeyAuthFilter implements HttpFilter {
    /** RFC 9110 asks a 401 to say which scheme it wants; "ApiKey" is the customary name for this one. */
    static final String CHALLENGE = "ApiKey realm=\"gatehouse\"";

    private final KeyAuthFilterConfig settings;
    private final ApiKeyDirectory directory;

    KeyAuthFilter(KeyAuthFilterConfig settings, ApiKeyDirectory directory) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    @Override
    public FilterStatus onRequestHeaders(FilterContext ctx, HttpHeaders headers) {
        String key = headers.get(settings.header());
        if (key == null && settings.query() != null) {
            key = queryValue(ctx.request().uri(), settings.query());
        }
        if (key == null || key.isEmpty()) {
            ctx.annotate("reason", "missing key");
            return reject(ctx, "missing API key: send it in the " + settings.header() + " header"
                    + (settings.query() == null ? "" : " or the " + settings.query() + " query parameter"));
        }
        Optional<ConsumerConfig> consumer = directory.find(key);
        if (consumer.isEmpty()) {
            ctx.annotate("reason", "unknown key");
            return reject(ctx, "unknown API key");
        }
        ConsumerConfig found = consumer.get();
        ctx.consumer(found.name());
        ctx.annotate("consumer", found.name());
        ctx.annotate("tier", found.tier());
        if (settings.hideCredentials()) {
            hide(ctx.request(), headers);
            ctx.markModified();
        }
        if (settings.forwardConsumerHeader() != null) {
            // set, not add: a client must not be able to pose as a consumer by sending these itself
            headers.set(settings.forwardConsumerHeader(), found.name());
            headers.set(settings.forwardTierHeader(), found.tier());
            ctx.markModified();
        }
        return FilterStatus.CONTINUE;
    }

    private FilterStatus reject(FilterContext ctx, String error) {
        return ctx.replyError(401, error, new DefaultHttpHeaders().set("www-authenticate", CHALLENGE));
    }

    /** Removes the key from both places it may be, whichever it came in. */
    private void hide(HttpRequest request, HttpHeaders headers) {
        headers.remove(settings.header());
        if (settings.query() != null) {
            String uri = request.uri();
            String stripped = withoutParameter(uri, settings.query());
            if (!stripped.equals(uri)) {
                request.setUri(stripped);
            }
        }
    }

    /** The first value of query parameter {@code name} in {@code uri}, decoded; null when absent. */
    static String queryValue(String uri, String name) {
        int q = uri.indexOf('?');
        if (q < 0) {
            return null;
        }
        for (String part : uri.substring(q + 1).split("&")) {
            int eq = part.indexOf('=');
            String partName = QueryStringDecoder.decodeComponent(eq < 0 ? part : part.substring(0, eq));
            if (partName.equals(name)) {
                return eq < 0 ? "" : QueryStringDecoder.decodeComponent(part.substring(eq + 1));
            }
        }
        return null;
    }

    /** {@code uri} without any {@code name} parameter; the other parameters keep their exact spelling. */
    static String withoutParameter(String uri, String name) {
        int q = uri.indexOf('?');
        if (q < 0) {
            return uri;
        }
        StringBuilder kept = new StringBuilder(uri.length());
        for (String part : uri.substring(q + 1).split("&")) {
            int eq = part.indexOf('=');
            if (part.isEmpty() || QueryStringDecoder.decodeComponent(eq < 0 ? part : part.substring(0, eq)).equals(name)) {
                continue;
            }
            kept.append(kept.length() == 0 ? "" : "&").append(part);
        }
        return kept.length() == 0 ? uri.substring(0, q) : uri.substring(0, q + 1) + kept;
    }
}
