package dev.gatehouse.app.shell;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.Preferences;

/** The last few config files opened or saved, newest first, kept in the user's preferences. */
public final class RecentFiles {
    static final int MAX = 8;
    private static final String KEY = "recentFiles";

    private final Preferences prefs;

    public RecentFiles(Preferences prefs) {
        this.prefs = prefs;
    }

    public List<Path> list() {
        List<Path> out = new ArrayList<>();
        for (String line : prefs.get(KEY, "").split("\n")) {
            if (!line.isBlank()) {
                out.add(Path.of(line));
            }
        }
        return out;
    }

    public void add(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        List<Path> next = new ArrayList<>(list());
        next.remove(absolute);
        next.add(0, absolute);
        while (next.size() > MAX) {
            next.remove(next.size() - 1);
        }
        prefs.put(KEY, String.join("\n", next.stream().map(Path::toString).toList()));
    }
}
