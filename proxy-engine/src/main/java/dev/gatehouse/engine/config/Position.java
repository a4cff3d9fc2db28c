package dev.gatehouse.engine.config;

/** A 1-based line and column in a config document; {@link #NONE} when there is no document position. */
record Position(int line, int column) {
    static final Position NONE = new Position(0, 0);

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
