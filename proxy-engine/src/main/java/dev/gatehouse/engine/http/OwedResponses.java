package dev.gatehouse.engine.http;

import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Which responses a connection still owes. HTTP/1.1 answers requests in the order they came, so a local
 * reply to a refused pipelined request may only go out after the responses to the requests before it.
 */
final class OwedResponses {
    private int unanswered;
    private boolean responseOpen;

    /** A request was passed on and now awaits its final response. */
    void requestAdmitted() {
        unanswered++;
    }

    /**
     * Follows an outbound message.
     *
     * @return true when it completed a final response
     */
    boolean onWrite(Object msg) {
        if (msg instanceof HttpResponse response && !isInterim(response.status())) {
            responseOpen = true;
        }
        if (msg instanceof LastHttpContent && responseOpen) {
            responseOpen = false;
            if (unanswered > 0) {
                unanswered--;
            }
            return true;
        }
        return false;
    }

    /** Admitted requests whose final response has not been written completely. */
    int unanswered() {
        return unanswered;
    }

    /** True while a final response has begun but not ended; it belongs to the oldest unanswered request. */
    boolean responseOpen() {
        return responseOpen;
    }

    /** 1xx responses other than 101 come before the final response and do not answer the request. */
    private static boolean isInterim(HttpResponseStatus status) {
        return status.codeClass() == HttpStatusClass.INFORMATIONAL
                && status.code() != HttpResponseStatus.SWITCHING_PROTOCOLS.code();
    }
}
