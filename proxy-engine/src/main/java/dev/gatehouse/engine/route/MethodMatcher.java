package dev.gatehouse.engine.route;

import java.util.List;
import java.util.Locale;

/** The method condition: the request method is one of a few. */
final class MethodMatcher implements RouteCondition {
    private final String[] methods;

    private MethodMatcher(String[] methods) {
        this.methods = methods;
    }

    /**
     * Config methods are uppercased: methods are case-sensitive on the wire, and "get" in a YAML
     * file means GET.
     */
    static MethodMatcher compile(List<String> methods) {
        String[] upper = new String[methods.size()];
        for (int i = 0; i < upper.length; i++) {
            String method = methods.get(i);
            if (method == null || method.isEmpty() || !HttpSyntax.isToken(method)) {
                throw new IllegalArgumentException("match.methods[" + i + "] is not an HTTP method: " + method);
            }
            upper[i] = method.toUpperCase(Locale.ROOT);
        }
        return new MethodMatcher(upper);
    }

    @Override
    public boolean test(RouteRequest request) {
        String method = request.method();
        for (String m : methods) {
            if (m.equals(method)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String mismatch(RouteRequest request) {
        return "method " + request.method() + " not in " + this;
    }

    @Override
    public String toString() {
        return String.join("|", methods);
    }
}
