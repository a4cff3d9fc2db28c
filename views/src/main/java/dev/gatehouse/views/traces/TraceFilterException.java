package dev.gatehouse.views.traces;

/** A filter expression that does not parse; {@link #column()} is 0-based into the expression. */
public final class TraceFilterException extends IllegalArgumentException {
    private final int column;

    public TraceFilterException(int column, String message) {
        super(message);
        this.column = column;
    }

    public int column() {
        return column;
    }
}
