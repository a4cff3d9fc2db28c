package dev.gatehouse.engine.bench;

import dev.gatehouse.engine.backends.DemoBackend;
import dev.gatehouse.engine.backends.DemoBackendKind;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import dev.gatehouse.engine.testing.TestGateway;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Bytes the gateway's worker threads allocate per proxied request, the figure that drives young-GC
 * pauses (and so p99) under load. Unlike a timing, it does not depend on what else the machine is
 * doing, so it can be compared between commits on a busy machine. Not a test: run it with
 * {@code java -cp ... dev.gatehouse.engine.bench.AllocationProbe [requests]}.
 */
public final class AllocationProbe {
    private static final String CONFIG = """
            admin: {enabled: false}
            filters:
              - name: stamp
                type: headers
                config:
                  response: {set: {x-gateway: gatehouse}}
            listeners:
              - name: bench
                address: 127.0.0.1:0
                filters: [stamp]
            routes:
              - name: origin
                match: {prefix: /}
                cluster: origin
            clusters:
              - name: origin
                endpoints:
                  - address: %s
            """;

    private AllocationProbe() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        // The origin runs on its own threads, so that only the gateway's allocations are counted.
        var originLoop = new NioEventLoopGroup(1, new DefaultThreadFactory("origin", true));
        DemoBackend origin = DemoBackend.start("origin", DemoBackendKind.defaults("web"), new InetSocketAddress("127.0.0.1", 0),
                originLoop).get();
        try (TestGateway gateway = TestGateway.start(CONFIG.formatted("127.0.0.1:" + origin.address().getPort()));
             Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setTcpNoDelay(true);
            var in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            OutputStream out = socket.getOutputStream();
            run(in, out, requests); // warm-up: the JIT and the pools settle
            long before = workerAllocatedBytes();
            run(in, out, requests);
            long after = workerAllocatedBytes();
            System.out.printf("%d requests: %.0f bytes allocated per request on the worker threads%n",
                    requests, (after - before) / (double) requests);
        } finally {
            origin.close();
            originLoop.shutdownGracefully();
        }
    }

    private static void run(InputStream in, OutputStream out, int requests) throws IOException {
        byte[] request = "GET /index.html HTTP/1.1\r\nHost: bench\r\nUser-Agent: probe\r\nAccept: */*\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < requests; i++) {
            out.write(request);
            out.flush();
            readResponse(in);
        }
    }

    private static void readResponse(InputStream in) throws IOException {
        int length = -1;
        var line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b == '\n') {
                String text = line.toString().trim();
                line.setLength(0);
                if (text.isEmpty()) {
                    break;
                }
                if (text.regionMatches(true, 0, "content-length:", 0, 15)) {
                    length = Integer.parseInt(text.substring(15).trim());
                }
            } else {
                line.append((char) b);
            }
        }
        if (length < 0) {
            throw new IOException("response without content-length");
        }
        in.readNBytes(length);
    }

    private static long workerAllocatedBytes() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("gatehouse-worker")).mapToLong(Thread::getId).toArray();
        return Arrays.stream(threads.getThreadAllocatedBytes(ids)).filter(b -> b > 0).sum();
    }
}
