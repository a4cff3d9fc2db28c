package dev.gatehouse.views.signals;

import dev.gatehouse.views.shell.TraceHub;
import dev.gatehouse.views.shell.WorkbenchView;
import dev.gatehouse.views.signals.GoldenSignals.Dimension;
import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.dataset.spi.DoubleDataSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * Golden signals as charts: request rate, error rate and p50/p95/p99 latency over the last minutes,
 * for all traffic or one route or cluster. Traces arrive once per hub tick; the charts redraw twice a
 * second from fixed-size arrays.
 */
public final class GoldenSignalsView implements WorkbenchView {
    public static final int WINDOW_SECONDS = 300;

    private final TraceHub hub;
    private final GoldenSignals signals = new GoldenSignals(WINDOW_SECONDS);
    private final Consumer<TraceHub.Batch> onBatch;
    private final BorderPane root = new BorderPane();
    private final ComboBox<Dimension> dimension = new ComboBox<>();
    private final ComboBox<String> key = new ComboBox<>();
    private XYChart rateChart;
    private XYChart errorChart;
    private XYChart latencyChart;
    private final Label now = new Label();
    private final Timeline redraw;

    public GoldenSignalsView(TraceHub hub) {
        this.hub = hub;
        this.onBatch = b -> b.traces().forEach(signals::record);
        hub.addListener(onBatch);
        build();
        redraw = new Timeline(new KeyFrame(Duration.millis(500), e -> refresh()));
        redraw.setCycleCount(Timeline.INDEFINITE);
        redraw.play();
    }

    @Override
    public String title() {
        return "Golden signals";
    }

    @Override
    public Node node() {
        return root;
    }

    public GoldenSignals signals() {
        return signals;
    }

    @Override
    public void close() {
        redraw.stop();
        hub.removeListener(onBatch);
    }

    private void build() {
        dimension.getItems().setAll(Dimension.values());
        dimension.setValue(Dimension.ALL);
        dimension.setId("signals-dimension");
        key.setId("signals-key");
        key.setPromptText("route or cluster");
        key.disableProperty().bind(dimension.valueProperty().isEqualTo(Dimension.ALL));
        dimension.valueProperty().addListener((o, a, d) -> {
            key.getItems().setAll(signals.keys(d));
            key.getSelectionModel().selectFirst();
        });
        key.setOnShowing(e -> {
            String chosen = key.getValue();
            key.getItems().setAll(signals.keys(dimension.getValue()));
            key.setValue(chosen);
        });
        now.setId("signals-now");
        var bar = new HBox(8, new Label("Signals for"), dimension, key, now);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 6, 8));
        root.setTop(bar);
        rateChart = chart("Request rate", "req/s", false);
        errorChart = chart("Error rate (5xx and no response)", "%", false);
        latencyChart = chart("Latency p50 / p95 / p99", "ms", true);
        var charts = new VBox(rateChart, errorChart, latencyChart);
        charts.getChildren().forEach(c -> VBox.setVgrow(c, Priority.ALWAYS));
        root.setCenter(charts);
    }

    private static XYChart chart(String title, String unit, boolean legend) {
        var x = new DefaultNumericAxis("seconds ago", -WINDOW_SECONDS, 0, 30);
        x.setAutoRanging(false);
        var y = new DefaultNumericAxis(unit);
        y.setAutoRanging(true);
        y.setForceZeroInRange(true);
        var chart = new XYChart(x, y);
        chart.setTitle(title);
        chart.setLegendVisible(legend);
        chart.setMinHeight(120);
        return chart;
    }

    private static DoubleDataSet set(String name, double[] x, double[] y) {
        // copy=false: the arrays are fresh from GoldenSignals.window and not touched afterwards
        return new DoubleDataSet(name, x, y, x.length, false);
    }

    private void refresh() {
        if (root.getScene() == null || !root.isVisible()) {
            return; // a background tab: the model keeps counting, the charts catch up when shown
        }
        Dimension d = Objects.requireNonNullElse(dimension.getValue(), Dimension.ALL);
        if (d != Dimension.ALL && key.getValue() == null && !signals.keys(d).isEmpty()) {
            key.getItems().setAll(signals.keys(d));
            key.getSelectionModel().selectFirst();
        }
        GoldenSignals.Window w = signals.window(d, key.getValue(), System.currentTimeMillis());
        // Fresh data sets each time: ChartFx 11.3 can leave a set read-locked after a layout pass of a
        // chart that is not showing (a background tab), and writing into it would then block this thread.
        rateChart.getDatasets().setAll(set("requests/s", w.secondsAgo(), w.requestsPerSecond()));
        errorChart.getDatasets().setAll(set("errors %", w.secondsAgo(), w.errorPercent()));
        latencyChart.getDatasets().setAll(List.of(set("p50", w.secondsAgo(), w.p50Ms()),
                set("p95", w.secondsAgo(), w.p95Ms()), set("p99", w.secondsAgo(), w.p99Ms())));
        int last = w.length() - 2; // the last closed second
        now.setText(String.format("last second: %.0f req/s · %.1f %% errors · p50 %.2f ms · p95 %.2f ms · p99 %.2f ms",
                w.requestsPerSecond()[last], w.errorPercent()[last], w.p50Ms()[last], w.p95Ms()[last], w.p99Ms()[last]));
    }
}
