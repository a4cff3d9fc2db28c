package dev.gatehouse.engine.http;

import dev.gatehouse.engine.filter.FilterContext;
import dev.gatehouse.engine.filter.HttpFilter;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * Which header, trailer and log phases a filter class implements itself. The defaults in
 * {@link HttpFilter} do nothing, so a filter is neither called nor traced for a phase it leaves to
 * them: a request-only filter (authentication, rate limiting) costs nothing on the way back. Body
 * phases need no such check: a filter asks for them ({@code watchRequestBody} and the like).
 */
record FilterPhases(boolean requestHeaders, boolean responseHeaders, boolean requestTrailers,
                    boolean responseTrailers, boolean log) {
    private static final ClassValue<FilterPhases> BY_CLASS = new ClassValue<>() {
        @Override
        protected FilterPhases computeValue(Class<?> type) {
            return new FilterPhases(
                    overrides(type, "onRequestHeaders", FilterContext.class, HttpHeaders.class),
                    overrides(type, "onResponseHeaders", FilterContext.class, int.class, HttpHeaders.class),
                    overrides(type, "onRequestTrailers", FilterContext.class, HttpHeaders.class),
                    overrides(type, "onResponseTrailers", FilterContext.class, HttpHeaders.class),
                    overrides(type, "onLog", FilterContext.class));
        }
    };

    static FilterPhases of(HttpFilter filter) {
        return BY_CLASS.get(filter.getClass());
    }

    private static boolean overrides(Class<?> type, String method, Class<?>... parameters) {
        try {
            return type.getMethod(method, parameters).getDeclaringClass() != HttpFilter.class;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("HttpFilter has no " + method, e);
        }
    }
}
