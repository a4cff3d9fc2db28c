package dev.gatehouse.views.traces;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.views.engine.TraceRecord;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes traces as an HTTP Archive (HAR 1.2) that browsers' dev tools and HAR viewers open. Headers
 * and bodies appear when the engine captured them; timings split the total into wait (headers parsed
 * to upstream first byte) and receive (the rest).
 */
public final class HarExport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private HarExport() {
    }

    public static void write(List<TraceRecord> traces, Path file) throws IOException {
        Files.writeString(file, toJson(traces));
    }

    public static String toJson(List<TraceRecord> traces) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode log = root.putObject("log");
        log.put("version", "1.2");
        log.putObject("creator").put("name", "Gatehouse workbench").put("version", "0.1");
        ArrayNode entries = log.putArray("entries");
        for (TraceRecord t : traces) {
            entries.add(entry(t));
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode entry(TraceRecord t) {
        CapturedMessage req = CapturedMessage.request(t);
        CapturedMessage resp = CapturedMessage.response(t);
        double total = Math.max(0, t.durationMs());
        ObjectNode e = JSON.createObjectNode();
        e.put("startedDateTime", Instant.ofEpochMilli(t.time()).toString());
        e.put("time", total);
        String httpVersion = t.protocol().isEmpty() ? "HTTP/1.1" : t.protocol();

        ObjectNode request = e.putObject("request");
        request.put("method", t.method());
        request.put("url", url(t));
        request.put("httpVersion", httpVersion);
        request.putArray("cookies");
        headers(request.putArray("headers"), req.headers(), t.authority());
        ArrayNode query = request.putArray("queryString");
        queryString(query, t.path());
        if (!req.body().isEmpty()) {
            request.putObject("postData").put("mimeType", req.header("content-type")).put("text", req.body());
        }
        request.put("headersSize", -1);
        request.put("bodySize", t.requestBytes());

        ObjectNode response = e.putObject("response");
        response.put("status", t.status());
        response.put("statusText", "");
        response.put("httpVersion", httpVersion);
        response.putArray("cookies");
        headers(response.putArray("headers"), resp.headers(), null);
        ObjectNode content = response.putObject("content");
        content.put("size", t.responseBytes());
        content.put("mimeType", resp.header("content-type"));
        if (!resp.body().isEmpty()) {
            content.put("text", resp.body());
        }
        response.put("redirectURL", resp.header("location"));
        response.put("headersSize", -1);
        response.put("bodySize", t.responseBytes());

        e.putObject("cache");
        long firstByteUs = t.timelineMicros().getOrDefault("upstream_first_byte", -1L);
        double wait = firstByteUs >= 0 ? Math.min(total, firstByteUs / 1000.0) : total;
        e.putObject("timings").put("send", 0).put("wait", wait).put("receive", Math.max(0, total - wait));
        if (!t.endpoint().isEmpty()) {
            e.put("serverIPAddress", t.endpoint().replaceAll(":\\d+$", ""));
        }
        e.put("_route", t.route());
        e.put("_cluster", t.cluster());
        e.put("_flags", t.flags());
        e.put("_requestId", t.requestId());
        return e;
    }

    private static String url(TraceRecord t) {
        String scheme = t.listener().toLowerCase().contains("https") ? "https" : "http";
        String host = t.authority().isEmpty() ? "unknown" : t.authority();
        return scheme + "://" + host + t.path();
    }

    private static void headers(ArrayNode out, List<Map.Entry<String, String>> captured, String authority) {
        for (Map.Entry<String, String> h : captured) {
            out.addObject().put("name", h.getKey()).put("value", h.getValue());
        }
        if (captured.isEmpty() && authority != null && !authority.isEmpty()) {
            out.addObject().put("name", "host").put("value", authority);
        }
    }

    private static void queryString(ArrayNode out, String path) {
        int q = path.indexOf('?');
        if (q < 0) {
            return;
        }
        try {
            for (String pair : URI.create("http://x" + path).getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                out.addObject().put("name", eq < 0 ? pair : pair.substring(0, eq)).put("value", eq < 0 ? "" : pair.substring(eq + 1));
            }
        } catch (IllegalArgumentException e) {
            // an unparseable query is left out; the url keeps it
        }
    }
}
