package dev.gatehouse.engine.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A plain-socket upstream on an ephemeral loopback port that serves each connection on a thread of
 * its own, for tests that script the bytes on the wire (resets, pieces, half heads) by hand.
 */
public abstract class BlockingUpstream implements AutoCloseable {
    private final ServerSocket server;

    protected BlockingUpstream(String name) {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(() -> accept(name), name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** Serves one connection; the socket is closed when this returns. */
    protected abstract void serve(Socket socket) throws IOException;

    private void accept(String name) {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread t = new Thread(() -> serveAndClose(socket), name + "-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serveAndClose(Socket socket) {
        try (socket) {
            serve(socket);
        } catch (IOException e) {
            // the gateway went away: nothing to answer
        }
    }

    /** A request head up to its blank line (the tests send no bodies), or null at the end of the stream. */
    protected static String readHead(InputStream in) throws IOException {
        return RawHttp.readHead(in, new ByteArrayOutputStream());
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
