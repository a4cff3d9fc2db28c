package dev.gatehouse.engine.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A raw-socket HTTP/1.1 upstream for retry tests. The first requests for each path, as many as the
 * request's {@value #RESETS_HEADER} header says (1 without it), are read and answered with a TCP
 * reset (after half a response head with {@value #MID_HEAD_HEADER}); later ones get 200 with the path as body.
 * It notes when each request arrived, so a test can see how retries were spaced.
 */
public final class ResettingUpstream extends BlockingUpstream {
    public static final String RESETS_HEADER = "x-resets";
    /** With this request header, half a response head goes out before the reset. */
    public static final String MID_HEAD_HEADER = "x-reset-mid-head";

    private final Map<String, List<Long>> arrivals = new ConcurrentHashMap<>();

    public ResettingUpstream() {
        super("resetting-upstream");
    }

    /** {@link System#nanoTime()} at each arrival of a request for {@code path}, in order. */
    public List<Long> arrivalNanos(String path) {
        List<Long> times = arrivals.getOrDefault(path, List.of());
        synchronized (times) {
            return List.copyOf(times);
        }
    }

    public int hits(String path) {
        return arrivalNanos(path).size();
    }

    @Override
    protected void serve(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        String head;
        while ((head = readHead(in)) != null) {
            String path = head.split(" ")[1];
            int arrival = arrive(path);
            if (arrival <= resets(head)) {
                if (head.toLowerCase(Locale.ROOT).contains("\r\n" + MID_HEAD_HEADER + ":")) {
                    out.write("HTTP/1.1 200 OK\r\ncontent-".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                socket.setSoLinger(true, 0); // close with RST, not FIN
                return;
            }
            byte[] body = path.getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 200 OK\r\ncontent-length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        }
    }

    private static int resets(String head) {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, RESETS_HEADER + ":", 0, RESETS_HEADER.length() + 1)) {
                return Integer.parseInt(line.substring(RESETS_HEADER.length() + 1).trim());
            }
        }
        return 1;
    }

    /** Records an arrival; returns which arrival for this path it is, from 1. */
    private int arrive(String path) {
        List<Long> times = arrivals.computeIfAbsent(path, p -> new ArrayList<>());
        synchronized (times) {
            times.add(System.nanoTime());
            return times.size();
        }
    }
}
