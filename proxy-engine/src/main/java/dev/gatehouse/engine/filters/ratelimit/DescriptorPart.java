package dev.gatehouse.engine.filters.ratelimit;

import dev.gatehouse.engine.config.ApiKey;
import dev.gatehouse.engine.filter.FilterContext;
import dev.gatehouse.engine.filter.FilterSettings;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Locale;
import java.util.Map;

/**
 * One part of a limit's key, as written in config: {@code consumer}, {@code tier}, {@code api_key},
 * {@code client_ip}, {@code route}, {@code header:<name>} or {@code jwt_claim:<claim>}. A part the
 * request lacks (no consumer, no such header) means the limit does not apply to it.
 */
record DescriptorPart(Kind kind, String argument) {
    /** Longer values are replaced by a digest, so that no client can make bucket ids arbitrarily long. */
    private static final int MAX_VALUE_LENGTH = 128;

    enum Kind { CONSUMER, TIER, API_KEY, CLIENT_IP, ROUTE, HEADER, JWT_CLAIM }

    /** What a part may need besides the request. */
    record Lookup(Map<String, String> tierByConsumer, String apiKeyHeader) {
    }

    /** Parses a part; null (with a problem recorded) when it is not one. */
    static DescriptorPart parse(String text, String path, FilterSettings problems) {
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        String argument = colon < 0 ? null : text.substring(colon + 1);
        Kind kind = switch (name) {
            case "consumer" -> Kind.CONSUMER;
            case "tier" -> Kind.TIER;
            case "api_key" -> Kind.API_KEY;
            case "client_ip" -> Kind.CLIENT_IP;
            case "route" -> Kind.ROUTE;
            case "header" -> Kind.HEADER;
            case "jwt_claim" -> Kind.JWT_CLAIM;
            default -> null;
        };
        if (kind == null) {
            problems.problem(path, "unknown key part '" + text + "'; expected consumer, tier, api_key, client_ip, route, "
                    + "header:<name> or jwt_claim:<claim>");
            return null;
        }
        boolean needsArgument = kind == Kind.HEADER || kind == Kind.JWT_CLAIM;
        if (needsArgument && (argument == null || argument.isEmpty())) {
            problems.problem(path, "'" + name + "' needs a name: " + name + ":<name>");
            return null;
        }
        if (!needsArgument && argument != null) {
            problems.problem(path, "'" + name + "' takes no argument");
            return null;
        }
        if (kind == Kind.HEADER) {
            if (!FilterSettings.isToken(argument)) {
                problems.problem(path, "'" + argument + "' is not a valid header name");
                return null;
            }
            argument = argument.toLowerCase(Locale.ROOT);
        }
        return new DescriptorPart(kind, argument);
    }

    /** This part's value for the request, or null when the request has none. */
    String valueOf(FilterContext ctx, HttpHeaders headers, Lookup lookup) {
        String value = switch (kind) {
            case CONSUMER -> ctx.consumer();
            case TIER -> ctx.consumer().isEmpty() ? null : lookup.tierByConsumer().get(ctx.consumer());
            case API_KEY -> {
                String key = headers.get(lookup.apiKeyHeader());
                yield key == null || key.isEmpty() ? null : "sha256:" + ApiKey.digest(key).substring(0, 16); // never the key itself
            }
            case CLIENT_IP -> ctx.clientAddress();
            case ROUTE -> ctx.route();
            case HEADER -> headers.get(argument);
            case JWT_CLAIM -> ctx.tokenClaim(argument);
        };
        if (value == null || value.isEmpty()) {
            return null;
        }
        return value.length() > MAX_VALUE_LENGTH ? "sha256:" + ApiKey.digest(value).substring(0, 32) : value;
    }

    @Override
    public String toString() {
        String name = kind.name().toLowerCase(Locale.ROOT);
        return argument == null ? name : name + ":" + argument;
    }
}
