package dev.gatehouse.engine.wasm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * An upstream that answers each path with a fixed body sent as many small HTTP/1.1 chunks, each
 * flushed on its own, so a filter sees the body arrive piece by piece.
 */
final class PiecewiseUpstream implements AutoCloseable {
    record Answer(String contentType, List<String> pieces) {
    }

    private final ServerSocket server;
    private final Map<String, Answer> answers;

    PiecewiseUpstream(Map<String, Answer> answers) throws IOException {
        this.answers = answers;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "piecewise-upstream");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** {@code text} cut into pieces of {@code size} characters. */
    static List<String> pieces(String text, int size) {
        List<String> pieces = new java.util.ArrayList<>();
        for (int i = 0; i < text.length(); i += size) {
            pieces.add(text.substring(i, Math.min(text.length(), i + size)));
        }
        return pieces;
    }

    String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread t = new Thread(() -> serve(socket), "piecewise-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
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
        } catch (IOException e) {
            // the gateway closed the connection
        }
    }

    private static String readHead(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
