package dev.gatehouse.engine.cli;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code run} executing in-process on its own thread, its output captured, for tests: what the
 * process would print is awaited, and {@link #stop()} does what SIGTERM does in production.
 */
final class RunningCli implements AutoCloseable {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final RunCommand command;
    private final CompletableFuture<Integer> exit;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningCli(String... args) {
        var cli = GatehouseCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        command = cli.getSubcommands().get("run").getCommand();
        exit = CompletableFuture.supplyAsync(() -> cli.execute(args), task -> {
            Thread thread = new Thread(task, "cli-run");
            thread.setDaemon(true);
            thread.start();
        });
    }

    /** Starts {@code gatehouse-engine <args>} (args beginning with {@code run}). */
    static RunningCli start(String... args) {
        return new RunningCli(args);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    /** Waits for the line {@code run} prints once it listens, and returns the port. */
    int awaitListenerPort(String listener) {
        return Integer.parseInt(awaitOut("listener " + Pattern.quote(listener) + " on http://127\\.0\\.0\\.1:(\\d+)"));
    }

    /** Waits until stdout has a match for {@code regex} (or the command has ended) and returns its first group. */
    String awaitOut(String regex) {
        Pattern pattern = Pattern.compile(regex);
        await().atMost(PATIENCE).until(() -> pattern.matcher(out()).find() || exit.isDone());
        Matcher m = pattern.matcher(out());
        if (!m.find()) {
            throw new AssertionError("run ended (" + exit.join() + ") without printing /" + regex + "/\nout:\n"
                    + out() + "\nerr:\n" + err());
        }
        return m.groupCount() > 0 ? m.group(1) : m.group();
    }

    void awaitErr(String text) {
        await().atMost(PATIENCE).until(() -> err().contains(text));
    }

    /** The body of {@code GET path} on {@code port}, awaiting until it equals {@code expected}. */
    void awaitBody(int port, String path, String expected) {
        await().atMost(PATIENCE).until(() -> get(port, path).body(), expected::equals);
    }

    HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits for the command to end, and returns its exit code. */
    int awaitExit() {
        try {
            return exit.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("run did not end cleanly\nout:\n" + out() + "\nerr:\n" + err(), e);
        }
    }

    /** Asks {@code run} to drain and return, as SIGTERM does, and returns its exit code. */
    int stop() {
        command.stop();
        return awaitExit();
    }

    @Override
    public void close() {
        if (!exit.isDone()) {
            stop();
        }
    }
}
