package dev.gatehouse.engine.testing;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.concurrent.Flow;

/** Generates {@code size} bytes of a repeating pattern without holding them, hashing as it goes. */
public final class PatternPublisher implements Flow.Publisher<ByteBuffer> {
    private final long size;
    private final MessageDigest digest;

    public PatternPublisher(long size, MessageDigest digest) {
        this.size = size;
        this.digest = digest;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        byte[] block = new byte[64 * 1024];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) (i * 31 + 7);
        }
        subscriber.onSubscribe(new Flow.Subscription() {
            long sent;
            boolean done;

            @Override
            public synchronized void request(long n) {
                for (long i = 0; i < n && !done; i++) {
                    if (sent >= size) {
                        done = true;
                        subscriber.onComplete();
                        return;
                    }
                    int len = (int) Math.min(block.length, size - sent);
                    digest.update(block, 0, len);
                    sent += len;
                    subscriber.onNext(ByteBuffer.wrap(block.clone(), 0, len));
                }
                if (sent >= size && !done) {
                    done = true;
                    subscriber.onComplete();
                }
            }

            @Override
            public synchronized void cancel() {
                done = true;
            }
        });
    }
}
