package dev.gatehouse.engine.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} for one test class, on 127.0.0.1 and a free port, with persistence off.
 * Without {@code redis-server} on the PATH a test is skipped locally, and fails in CI ({@code CI=true}),
 * where {@code .ci/run} installs it.
 */
public final class RedisServerProcess implements AutoCloseable {
    private static final int ATTEMPTS = 5;

    /** The name a Sentinel started here monitors its master by. */
    public static final String SENTINEL_MASTER = "gatehouse";

    private enum Mode { STANDALONE, CLUSTER, SENTINEL, REPLICA }

    private final int port;
    private final Path log;
    private final Mode mode;
    /** For a Sentinel: the port of the master it monitors; for a replica: of the master it copies. */
    private final int masterPort;
    private Process process;

    private RedisServerProcess(int port, Path log, Mode mode, int masterPort) {
        this.port = port;
        this.log = log;
        this.mode = mode;
        this.masterPort = masterPort;
    }

    /** Starts a server and waits until it answers PING. */
    public static RedisServerProcess start() {
        return start(Mode.STANDALONE, 0);
    }

    /**
     * Starts a Sentinel ({@code redis-server --sentinel}) monitoring {@code master} as
     * {@link #SENTINEL_MASTER}; its {@link #uri()} is a {@code redis-sentinel://} URI.
     */
    public static RedisServerProcess startSentinel(RedisServerProcess master) {
        RedisServerProcess sentinel = start(Mode.SENTINEL, master.port());
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                // the reply is the master's [host, port]: an array of two once the master is known
                .until(() -> "*2".equals(sentinel.tryCommand("SENTINEL", "GET-MASTER-ADDR-BY-NAME", SENTINEL_MASTER)));
        return sentinel;
    }

    /** Starts a replica of {@code master} and waits until it has caught up with it. */
    public static RedisServerProcess startReplica(RedisServerProcess master) {
        RedisServerProcess replica = start(Mode.REPLICA, master.port());
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> replica.command("INFO", "replication").contains("master_link_status:up"));
        return replica;
    }

    /**
     * Starts a one-node Redis Cluster holding all 16384 slots: enough for a client in cluster mode,
     * which routes by slot and gets CROSSSLOT errors like against a larger cluster.
     */
    public static RedisServerProcess startCluster() {
        RedisServerProcess node = start(Mode.CLUSTER, 0);
        node.command("CLUSTER", "ADDSLOTSRANGE", "0", "16383");
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> node.command("CLUSTER", "INFO").contains("cluster_state:ok"));
        return node;
    }

    private static RedisServerProcess start(Mode mode, int masterPort) {
        String binary = findOnPath("redis-server");
        if (binary == null) {
            String message = "redis-server is not on the PATH; install it (apt-get install -y redis-server) "
                    + "to run the Redis rate-limit tests";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(message + " (CI=true: these tests may not be skipped)");
            }
            Assumptions.abort(message);
        }
        IllegalStateException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                RedisServerProcess server = new RedisServerProcess(freePort(), Files.createTempFile("redis-test", ".log"), mode, masterPort);
                server.launch(binary);
                return server;
            } catch (IllegalStateException e) {
                last = e; // most likely the port was taken between choosing and binding it: choose again
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        throw last;
    }

    private void launch(String binary) {
        List<String> command = new java.util.ArrayList<>(List.of(binary));
        if (mode == Mode.SENTINEL) {
            // Sentinel rewrites its config file, so it gets its own, next to the log.
            Path config = log.resolveSibling(log.getFileName() + ".sentinel.conf");
            try {
                // Quorum 1 and a short down-after: this one Sentinel fails the master over within seconds.
                Files.writeString(config, "sentinel monitor " + SENTINEL_MASTER + " 127.0.0.1 " + masterPort + " 1\n"
                        + "sentinel down-after-milliseconds " + SENTINEL_MASTER + " 500\n"
                        + "sentinel failover-timeout " + SENTINEL_MASTER + " 5000\n");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            command.addAll(List.of(config.toString(), "--sentinel"));
        }
        command.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--protected-mode", "no"));
        if (mode != Mode.SENTINEL) {
            // DEBUG SLEEP lets a test make the server slow
            command.addAll(List.of("--save", "", "--appendonly", "no", "--enable-debug-command", "local",
                    // a replica still writes the snapshot it syncs from its master: into the temp dir, not the cwd
                    "--dir", log.getParent().toString(), "--dbfilename", log.getFileName() + ".rdb"));
        }
        if (mode == Mode.REPLICA) {
            command.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(masterPort)));
        }
        if (mode == Mode.CLUSTER) {
            try {
                command.addAll(List.of("--cluster-enabled", "yes", "--cluster-port", Integer.toString(freePort()),
                        "--cluster-announce-ip", "127.0.0.1",
                        "--cluster-config-file", log.resolveSibling(log.getFileName() + ".nodes.conf").toString()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server: " + e.getMessage(), e);
        }
        try {
            Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
                    .until(() -> !process.isAlive() || "PONG".equals(tryCommand("PING")));
        } catch (RuntimeException e) {
            stop();
            throw new IllegalStateException("redis-server on port " + port + " did not answer PING; log:\n" + logText(), e);
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("redis-server on port " + port + " exited; log:\n" + logText());
        }
    }

    /** Starts the server again on the same port (after {@link #kill()}). */
    public void restart() {
        launch(findOnPath("redis-server"));
    }

    public int port() {
        return port;
    }

    public String uri() {
        return mode == Mode.SENTINEL ? "redis-sentinel://127.0.0.1:" + port + "#" + SENTINEL_MASTER
                : "redis://127.0.0.1:" + port;
    }

    /** Kills the server at once (SIGKILL), as a crash would, and waits for it to be gone. */
    public void kill() {
        stop();
    }

    /**
     * Sends one command and returns its reply: a simple string, an integer, or a bulk string's text.
     *
     * @throws IllegalStateException when the server cannot be reached or answers with an error
     */
    public String command(String... args) {
        try {
            return sendCommand(args);
        } catch (IOException e) {
            throw new IllegalStateException("redis command " + List.of(args) + " failed: " + e.getMessage(), e);
        }
    }

    private String tryCommand(String... args) {
        try {
            return sendCommand(args);
        } catch (IOException | IllegalStateException e) {
            return null;
        }
    }

    private String sendCommand(String... args) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
            for (String arg : args) {
                request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
            }
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String line = readLine(in);
            switch (line.charAt(0)) {
                case '+', ':' -> {
                    return line.substring(1);
                }
                case '-' -> throw new IllegalStateException("redis error: " + line.substring(1));
                case '$' -> {
                    int length = Integer.parseInt(line.substring(1));
                    if (length < 0) {
                        return null;
                    }
                    byte[] body = in.readNBytes(length + 2);
                    return new String(body, 0, length, StandardCharsets.UTF_8);
                }
                default -> {
                    return line;
                }
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                line.write(c);
            }
        }
        if (c == -1 && line.size() == 0) {
            throw new IOException("connection closed");
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /** The {@code connected_clients} figure of {@code INFO clients}. */
    public int connectedClients() {
        for (String line : command("INFO", "clients").split("\r?\n")) {
            if (line.startsWith("connected_clients:")) {
                return Integer.parseInt(line.substring("connected_clients:".length()).trim());
            }
        }
        throw new IllegalStateException("no connected_clients in INFO clients");
    }

    private void stop() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Files.deleteIfExists(log);
            Files.deleteIfExists(log.resolveSibling(log.getFileName() + ".nodes.conf"));
            Files.deleteIfExists(log.resolveSibling(log.getFileName() + ".sentinel.conf"));
        } catch (IOException ignored) {
            // a temp file; the OS cleans up
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            File candidate = new File(dir, name);
            if (candidate.isFile() && candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        return null;
    }
}
