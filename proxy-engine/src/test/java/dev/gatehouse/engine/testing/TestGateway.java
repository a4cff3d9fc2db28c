package dev.gatehouse.engine.testing;

import dev.gatehouse.engine.admin.AdminServer;
import dev.gatehouse.engine.config.AdminConfig;
import dev.gatehouse.engine.config.ConfigLoader;
import dev.gatehouse.engine.config.GatewayConfig;
import dev.gatehouse.engine.config.HostPort;
import dev.gatehouse.engine.runtime.Gateway;
import dev.gatehouse.engine.upstream.Cluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real engine on 127.0.0.1 for one test: listeners and the admin API are moved to ephemeral ports
 * so tests run in parallel, everything else is as the config says. Sample configs are loaded from
 * {@code sample-configs/} so the samples cannot rot.
 */
public final class TestGateway implements AutoCloseable {
    public static final String ADMIN_TOKEN = "test-admin-token";

    private final Gateway gateway;
    private final AdminServer admin;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private TestGateway(Gateway gateway, AdminServer admin) {
        this.gateway = gateway;
        this.admin = admin;
    }

    public static TestGateway start(String yaml) {
        return start(new ConfigLoader().load(yaml, "test.yaml").config());
    }

    /** A config whose relative file paths (certificates, keys) are relative to {@code baseDirectory}. */
    public static TestGateway start(String yaml, Path baseDirectory) {
        return start(new ConfigLoader().load(yaml, "test.yaml", baseDirectory).config());
    }

    public static TestGateway fromSample(String fileName) {
        return start(new ConfigLoader().load(sample(fileName)).config());
    }

    public static Path sample(String fileName) {
        return Path.of(System.getProperty("gatehouse.samples", "../sample-configs")).resolve(fileName);
    }

    public static String sampleText(String fileName) {
        try {
            return Files.readString(sample(fileName));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Moves every listener and the admin API to 127.0.0.1 with an ephemeral port. */
    public static GatewayConfig ephemeral(GatewayConfig config) {
        return config
                .withListeners(config.listeners().stream().map(l -> l.withAddress(new HostPort("127.0.0.1", 0))).toList())
                .withAdmin(new AdminConfig(true, new HostPort("127.0.0.1", 0), ADMIN_TOKEN));
    }

    public static TestGateway start(GatewayConfig config) {
        GatewayConfig local = ephemeral(config);
        try {
            Gateway gateway = Gateway.start(local, "test");
            AdminServer admin = AdminServer.start(gateway, local.admin());
            return new TestGateway(gateway, admin);
        } catch (Exception e) {
            throw new IllegalStateException("gateway did not start: " + e.getMessage(), e);
        }
    }

    public Gateway gateway() {
        return gateway;
    }

    /** The running cluster of that name. */
    public Cluster cluster(String name) {
        return gateway.clusters().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    public int port(String listener) {
        return gateway.listenerAddress(listener).getPort();
    }

    /** The first listener's port. */
    public int port() {
        return port(gateway.current().config().listeners().get(0).name());
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    public URI adminUri(String path) {
        return URI.create("http://127.0.0.1:" + admin.boundAddress().getPort() + path);
    }

    public HttpClient client() {
        return client;
    }

    /**
     * The value of one sample of the metrics scrape, e.g. {@code
     * gatehouse_downstream_tls_handshake_failures_total{listener="secure",reason="not_tls"}}; 0 when absent.
     */
    public double metric(String sample) {
        for (String line : gateway.metrics().scrapeText().split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim());
            }
        }
        return 0;
    }

    public HttpResponse<String> get(String path, String... headers) {
        var builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return send(builder.GET().build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> admin(String method, String path, String body, boolean withToken) {
        var builder = HttpRequest.newBuilder(adminUri(path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (withToken) {
            builder.header("Authorization", "Bearer " + ADMIN_TOKEN);
        }
        return send(builder.build());
    }

    @Override
    public void close() {
        admin.close();
        gateway.close();
    }
}
