package dev.gatehouse.engine.observe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.engine.config.ObservabilityConfig.AccessLogConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every completed request as one JSON line, to a file or stdout. It reads the tap on its own
 * thread a few times a second, so request handling never waits for the disk; if the disk is slower
 * than the traffic, the tap drops the oldest traces and the log says how many it missed.
 */
public final class AccessLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AccessLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long INTERVAL_MILLIS = 200;
    private static final int BATCH = 1024;

    private final AccessLogConfig config;
    private final TraceTap.Reader reader;
    private final Writer out;
    private final boolean closeOut;
    private final Thread thread;
    private volatile boolean running = true;
    private long reportedDrops;

    private AccessLog(AccessLogConfig config, TraceTap tap, Writer out, boolean closeOut) {
        this.config = config;
        this.reader = tap.reader();
        this.out = out;
        this.closeOut = closeOut;
        this.thread = new Thread(this::run, "gatehouse-access-log");
        this.thread.setDaemon(true);
    }

    /** Opens the log's destination and starts writing. */
    public static AccessLog start(AccessLogConfig config, TraceTap tap) {
        Objects.requireNonNull(config, "config");
        AccessLog accessLog;
        if (config.path().equals("stdout")) {
            accessLog = new AccessLog(config, tap, new OutputStreamWriter(System.out, StandardCharsets.UTF_8), false);
        } else {
            try {
                Writer file = Files.newBufferedWriter(Path.of(config.path()), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                accessLog = new AccessLog(config, tap, file, true);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open access log " + config.path(), e);
            }
        }
        accessLog.thread.start();
        return accessLog;
    }

    public AccessLogConfig config() {
        return config;
    }

    private void run() {
        List<Trace> batch = new ArrayList<>(BATCH);
        var buffered = new BufferedWriter(out, 64 * 1024);
        while (running) {
            try {
                drain(batch, buffered);
                Thread.sleep(INTERVAL_MILLIS); // a fixed pace: the writer batches, it never sits on the hot path
            } catch (InterruptedException e) {
                break;
            } catch (IOException | RuntimeException e) {
                log.warn("access log {}: {}", config.path(), e.toString());
            }
        }
        try {
            drain(batch, buffered);
        } catch (IOException | RuntimeException e) {
            log.warn("access log {}: {}", config.path(), e.toString());
        }
    }

    private void drain(List<Trace> batch, BufferedWriter buffered) throws IOException {
        int n;
        do {
            batch.clear();
            n = reader.drainTo(batch, BATCH);
            for (Trace trace : batch) {
                buffered.write(line(trace));
                buffered.write('\n');
            }
        } while (n == BATCH);
        long dropped = reader.dropped();
        if (dropped > reportedDrops) {
            buffered.write("{\"access_log_dropped\":" + (dropped - reportedDrops) + "}\n");
            reportedDrops = dropped;
        }
        buffered.flush();
    }

    private String line(Trace trace) throws IOException {
        String full = trace.toJson();
        if (config.fields().isEmpty()) {
            return full;
        }
        ObjectNode all = (ObjectNode) JSON.readTree(full);
        ObjectNode picked = JSON.createObjectNode();
        for (String field : config.fields()) {
            picked.set(field, all.get(field));
        }
        return JSON.writeValueAsString(picked);
    }

    /** Writes what is left in the tap for this log and stops. */
    @Override
    public void close() {
        running = false; // no interrupt: an interrupted file write would close the file channel
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reader.close();
        if (closeOut) {
            try {
                out.close();
            } catch (IOException e) {
                log.warn("closing access log {}: {}", config.path(), e.toString());
            }
        }
    }
}
