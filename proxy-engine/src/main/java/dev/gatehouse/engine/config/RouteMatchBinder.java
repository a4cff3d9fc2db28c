package dev.gatehouse.engine.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** Binds a route's {@code match}: one path condition, plus methods, headers and query conditions. */
final class RouteMatchBinder {
    private final Diagnostics diagnostics;

    RouteMatchBinder(Diagnostics diagnostics) {
        this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
    }

    RouteMatch bind(MappingReader m) {
        m.exactlyOne("a path condition", "prefix", "path", "regex");
        String prefix = m.optionalUrlPath("prefix");
        String path = m.optionalUrlPath("path");
        String regex = m.optionalRegex("regex");
        boolean caseSensitive = m.optionalBoolean("case_sensitive", true);
        List<String> methods = methods(m);
        List<HeaderMatch> headers = new ArrayList<>();
        for (MappingReader h : m.mappingList("headers")) {
            HeaderMatch header = header(h);
            if (header != null) {
                headers.add(header);
            }
        }
        List<QueryMatch> query = new ArrayList<>();
        for (MappingReader q : m.mappingList("query")) {
            QueryMatch parameter = queryParameter(q);
            if (parameter != null) {
                query.add(parameter);
            }
        }
        m.finish();
        return new RouteMatch(prefix, path, regex, caseSensitive, methods, headers, query);
    }

    private List<String> methods(MappingReader m) {
        List<String> methods = new ArrayList<>();
        for (MappingReader.Item item : m.stringList("methods")) {
            String method = item.value().toUpperCase(Locale.ROOT);
            if (!HttpToken.isToken(method)) {
                diagnostics.error(item.position(), item.path(), "invalid method '" + item.value() + "'");
            } else if (methods.contains(method)) {
                diagnostics.error(item.position(), item.path(), "method " + method + " is listed twice");
            } else {
                methods.add(method);
            }
        }
        return methods;
    }

    private HeaderMatch header(MappingReader h) {
        int errors = diagnostics.errorCount();
        String name = h.requiredHeaderName("name");
        h.exactlyOne("a header condition", "exact", "regex", "present", "absent");
        String exact = h.optionalText("exact", null);
        String regex = h.optionalRegex("regex");
        // "present: false" reads ambiguously next to "absent"; one spelling per meaning.
        if (h.has("present") && !h.optionalBoolean("present", true)) {
            h.error("present", "write 'absent: true' to require that the header is missing");
        }
        if (h.has("absent") && !h.optionalBoolean("absent", true)) {
            h.error("absent", "'absent: false' means nothing; write 'present: true' to require the header");
        }
        Boolean present = h.has("present") ? Boolean.TRUE : h.has("absent") ? Boolean.FALSE : null;
        boolean invert = h.optionalBoolean("invert", false);
        h.finish();
        return diagnostics.errorCount() == errors ? new HeaderMatch(name, exact, regex, present, invert) : null;
    }

    private QueryMatch queryParameter(MappingReader q) {
        int errors = diagnostics.errorCount();
        String name = q.requiredString("name");
        q.exactlyOne("a query condition", "exact", "regex", "present");
        String exact = q.optionalText("exact", null);
        String regex = q.optionalRegex("regex");
        if (q.has("present") && !q.optionalBoolean("present", true)) {
            q.error("present", "only 'present: true' is supported");
        }
        Boolean present = q.has("present") ? Boolean.TRUE : null;
        q.finish();
        return diagnostics.errorCount() == errors ? new QueryMatch(name, exact, regex, present) : null;
    }
}
