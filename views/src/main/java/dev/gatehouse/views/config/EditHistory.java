package dev.gatehouse.views.config;

import dev.gatehouse.engine.config.GatewayConfig;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Undo and redo stacks of executed commands with the configs around them. Bounded: past
 * {@code capacity} edits the oldest is forgotten, so a long session cannot grow memory without end.
 */
final class EditHistory {
    /** An executed command and the configs before and after it. */
    record Step(ConfigCommand command, GatewayConfig before, GatewayConfig after) {
    }

    private final int capacity;
    private final Deque<Step> undo = new ArrayDeque<>();
    private final Deque<Step> redo = new ArrayDeque<>();

    EditHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
    }

    void executed(Step step) {
        undo.push(step);
        if (undo.size() > capacity) {
            undo.removeLast();
        }
        redo.clear();
    }

    Optional<Step> undo() {
        Step step = undo.poll();
        if (step != null) {
            redo.push(step);
        }
        return Optional.ofNullable(step);
    }

    Optional<Step> redo() {
        Step step = redo.poll();
        if (step != null) {
            undo.push(step);
        }
        return Optional.ofNullable(step);
    }

    Optional<ConfigCommand> nextUndo() {
        return Optional.ofNullable(undo.peek()).map(Step::command);
    }

    Optional<ConfigCommand> nextRedo() {
        return Optional.ofNullable(redo.peek()).map(Step::command);
    }

    int undoSize() {
        return undo.size();
    }

    void clear() {
        undo.clear();
        redo.clear();
    }
}
