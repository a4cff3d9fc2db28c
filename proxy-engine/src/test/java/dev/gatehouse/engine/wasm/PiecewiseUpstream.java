package dev.gatehouse.engine.wasm;

import dev.gatehouse.engine.testing.BlockingUpstream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * An upstream that answers each path with a fixed body sent as many small HTTP/1.1 chunks, each
 * flushed on its own, so a filter sees the body arrive piece by piece.
 */
final class PiecewiseUpstream extends BlockingUpstream {
    record Answer(String contentType, List<String> pieces) {
    }

    private final Map<String, Answer> answers;

    PiecewiseUpstream(Map<String, Answer> answers) {
        super("piecewise-upstream");
        this.answers = answers;
    }

    /** {@code text} cut into pieces of {@code size} characters. */
    static List<String> pieces(String text, int size) {
        List<String> pieces = new java.util.ArrayList<>();
        for (int i = 0; i < text.length(); i += size) {
            pieces.add(text.substring(i, Math.min(text.length(), i + size)));
        }
        return pieces;
    }

    @Override
    protected void serve(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        while (true) {
            String head = readHead(in);
            if (head == null) {
                return;
            }
            String path = head.split(" ")[1];
            Answer answer = answers.getOrDefault(path, new Answer("text/plain", List.of("no such path")));
            out.write(("HTTP/1.1 200 OK\r\ncontent-type: " + answer.contentType()
                    + "\r\ntransfer-encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (String piece : answer.pieces()) {
                byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
                out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }
}
