package dev.gatehouse.engine.filters.headers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.engine.filter.FilterContext;
import dev.gatehouse.engine.filter.FilterSetup;
import dev.gatehouse.engine.filter.FilterStatus;
import dev.gatehouse.engine.filter.HttpFilter;
import dev.gatehouse.engine.filter.HttpFilterFactory;
import dev.gatehouse.engine.filter.HttpFilterProvider;
import dev.gatehouse.engine.route.HeaderMutator;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;

/** Type {@code headers}: edits request headers on the way in and response headers on the way out. */
public final class HeadersFilterProvider implements HttpFilterProvider {
    @Override
    public String type() {
        return "headers";
    }

    @Override
    public List<ConfigProblem> validate(JsonNode config) {
        List<ConfigProblem> problems = new ArrayList<>();
        HeadersFilterConfig.read(config, problems);
        return problems;
    }

    @Override
    public HttpFilterFactory factory(FilterSetup setup) {
        String name = setup.name();
        var settings = HeadersFilterConfig.read(setup.config(), new ArrayList<>());
        HeaderMutator request = HeaderMutator.compile(settings.request());
        HeaderMutator response = HeaderMutator.compile(settings.response());
        HttpFilter filter = new HttpFilter() { // stateless: one instance serves every request
            @Override
            public FilterStatus onRequestHeaders(FilterContext ctx, HttpHeaders headers) {
                if (!request.isEmpty()) {
                    request.apply(headers);
                    ctx.markModified();
                }
                return FilterStatus.CONTINUE;
            }

            @Override
            public FilterStatus onResponseHeaders(FilterContext ctx, int status, HttpHeaders headers) {
                if (!response.isEmpty()) {
                    response.apply(headers);
                    ctx.markModified();
                }
                return FilterStatus.CONTINUE;
            }
        };
        return new HttpFilterFactory() {
            @Override
            public HttpFilter newFilter() {
                return filter;
            }

            @Override
            public String toString() {
                return "headers{" + name + ": request=" + settings.request() + ", response=" + settings.response() + "}";
            }
        };
    }
}
