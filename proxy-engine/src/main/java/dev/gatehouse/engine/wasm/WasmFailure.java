package dev.gatehouse.engine.wasm;

/**
 * A module failed: it trapped, overran its callback budget, ran out of its memory cap, refused its
 * configuration, or its VM was already broken. The filter's failure policy decides what the request gets.
 */
final class WasmFailure extends RuntimeException {
    private final String reason;

    /** @param reason a short label for metrics and traces: trap, timeout, memory, start, vm_broken */
    WasmFailure(String reason, String detail, Throwable cause) {
        super(detail, cause, false, false);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
