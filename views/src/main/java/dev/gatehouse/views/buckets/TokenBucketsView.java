package dev.gatehouse.views.buckets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.views.shell.EngineSession;
import dev.gatehouse.views.shell.TraceHub;
import dev.gatehouse.views.shell.WorkbenchView;
import java.util.List;
import java.util.function.Consumer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.util.Duration;

/**
 * Token buckets: each consumer's (or key's) level against its capacity, polled from the engine's
 * {@code GET /ratelimit/buckets} twice a second (the request runs off the UI thread; the answer comes
 * back in one hand-off), with the 429s seen in the trace stream. Configs without rate limiting say so.
 */
public final class TokenBucketsView implements WorkbenchView {
    static final String ENDPOINT = "/ratelimit/buckets";

    private final EngineSession session;
    private final TraceHub hub;
    private final TokenBucketsModel model = new TokenBucketsModel();
    private final Consumer<TraceHub.Batch> onBatch;
    private final BorderPane root = new BorderPane();
    private final TableView<TokenBucketsModel.Bucket> table = new TableView<>();
    private final Label status = new Label("waiting for the engine…");
    private final Timeline poll;
    private boolean requestInFlight;

    public TokenBucketsView(EngineSession session, TraceHub hub) {
        this.session = session;
        this.hub = hub;
        this.onBatch = b -> model.observe(b.traces());
        hub.addListener(onBatch);
        build();
        poll = new Timeline(new KeyFrame(Duration.millis(500), e -> poll()));
        poll.setCycleCount(Timeline.INDEFINITE);
        poll.play();
    }

    @Override
    public String title() {
        return "Token buckets";
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void close() {
        poll.stop();
        hub.removeListener(onBatch);
    }

    private void build() {
        table.setId("bucket-table");
        table.setPlaceholder(new Label("no rate limiting in this config"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(text("Consumer / key", 200, TokenBucketsModel.Bucket::key));
        table.getColumns().add(text("Limiter", 120, TokenBucketsModel.Bucket::limiter));
        var level = new TableColumn<TokenBucketsModel.Bucket, TokenBucketsModel.Bucket>("Level");
        level.setPrefWidth(260);
        level.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue()));
        level.setCellFactory(c -> new TableCell<>() {
            private final ProgressBar bar = new ProgressBar();

            @Override
            protected void updateItem(TokenBucketsModel.Bucket b, boolean empty) {
                super.updateItem(b, empty);
                if (empty || b == null) {
                    setGraphic(null);
                    setText(null);
                    return;
                }
                bar.setProgress(b.fill());
                bar.setPrefWidth(140);
                setGraphic(bar);
                setText(String.format("%.1f / %.0f", b.level(), b.capacity()));
            }
        });
        table.getColumns().add(level);
        table.getColumns().add(text("Refill /s", 80, b -> Double.isNaN(b.refillPerSecond()) ? "" : String.format("%.2f", b.refillPerSecond())));
        table.getColumns().add(text("429s seen", 80, b -> b.rejected() == 0 ? "" : "✗ " + b.rejected()));
        status.setId("bucket-status");
        status.setPadding(new Insets(4, 8, 4, 8));
        root.setTop(status);
        root.setCenter(table);
    }

    private static TableColumn<TokenBucketsModel.Bucket, String> text(String title, double width,
                                                                     java.util.function.Function<TokenBucketsModel.Bucket, String> f) {
        var col = new TableColumn<TokenBucketsModel.Bucket, String>(title);
        col.setPrefWidth(width);
        col.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(f.apply(cd.getValue())));
        return col;
    }

    private void poll() {
        if (requestInFlight) {
            return; // a slow engine gets one outstanding request, not a pile of them
        }
        requestInFlight = true;
        session.client().json(ENDPOINT).whenComplete((answer, error) -> Platform.runLater(() -> {
            requestInFlight = false;
            show(answer, error);
        }));
    }

    private void show(JsonNode answer, Throwable error) {
        if (error != null) {
            String message = String.valueOf(error.getCause() != null ? error.getCause().getMessage() : error.getMessage());
            table.getItems().clear();
            status.setText(message.contains(" 404") || message.contains("answered 404")
                    ? "no rate limiting in this config" : "token buckets unavailable: " + message);
            return;
        }
        List<TokenBucketsModel.Bucket> buckets = model.parse(answer);
        table.getItems().setAll(buckets);
        status.setText(buckets.isEmpty() ? "no rate limiting in this config"
                : buckets.size() + " buckets · " + model.rejectedTotal() + " requests answered 429 so far");
    }
}
