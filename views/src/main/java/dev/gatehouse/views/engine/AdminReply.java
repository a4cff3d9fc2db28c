package dev.gatehouse.views.engine;

/** One answer of the engine's admin API: status, content type and body text. */
public record AdminReply(int status, String contentType, String body) {
    public boolean ok() {
        return status >= 200 && status < 300;
    }
}
