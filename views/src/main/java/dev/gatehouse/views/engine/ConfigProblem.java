package dev.gatehouse.views.engine;

/** A config error the engine reported, positioned in the YAML text that was sent (1-based). */
public record ConfigProblem(int line, int column, String path, String message) {
    @Override
    public String toString() {
        return line + ":" + column + ": " + message;
    }
}
