package dev.gatehouse.app;

import dev.gatehouse.app.shell.WorkbenchWindow;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The workbench application: opens the window in demo mode. Options: {@code --config FILE} (a lab or
 * any config to start with), {@code --no-traffic}, {@code --rate N}, {@code --theme light|dark} (for this
 * run), {@code --ephemeral-ports}, {@code --screenshot DIR} (render each tab, or only {@code --only TITLE},
 * to DIR/workbench-*.png once traffic flows, then exit).
 */
public final class WorkbenchApp extends Application {
    private WorkbenchWindow window;

    @Override
    public void start(Stage stage) throws Exception {
        List<String> args = getParameters().getRaw();
        var defaults = WorkbenchWindow.Options.defaults();
        Path config = option(args, "--config").map(Path::of).orElse(null);
        boolean traffic = !args.contains("--no-traffic");
        double rate = option(args, "--rate").map(Double::parseDouble).orElse(defaults.trafficRate());
        window = WorkbenchWindow.open(stage, new WorkbenchWindow.Options(config, traffic, rate, defaults.traceCapacity(),
                defaults.prefs(), defaults.views(), args.contains("--ephemeral-ports")));
        option(args, "--theme").ifPresent(theme -> window.theme(dev.gatehouse.app.shell.Theme.valueOf(theme.toUpperCase())));
        String suffix = option(args, "--theme").filter("dark"::equalsIgnoreCase).map(t -> "-dark").orElse("");
        option(args, "--screenshot").ifPresent(dir -> Screenshots.take(window, Path.of(dir), suffix,
                option(args, "--only").orElse(null), Platform::exit));
    }

    private static java.util.Optional<String> option(List<String> args, String name) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? java.util.Optional.of(args.get(i + 1)) : java.util.Optional.empty();
    }

    @Override
    public void stop() {
        if (window != null) {
            window.close();
        }
    }
}
