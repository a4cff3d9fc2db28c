package dev.gatehouse.engine.upstream;

/**
 * Where the exchanges of one event loop get their way to one endpoint: an HTTP/1.1 connection of
 * their own, or a stream of a shared HTTP/2 connection, as the cluster's {@code protocol} says. A pool
 * belongs to one event loop and is used only from it, so it needs no locks (as Envoy's per-worker pools).
 */
public interface EndpointPool {
    /** Why a lease could not be had. */
    enum Failure { CONNECT_FAILED, OVERFLOW, CLOSED }

    /** Answer to {@link #acquire}; called on the pool's event loop. */
    interface LeaseCallback {
        void leased(UpstreamConnection connection);

        void failed(Failure failure, Throwable cause);
    }

    Endpoint endpoint();

    /**
     * Leases a connection (HTTP/1.1) or opens a stream (HTTP/2), now or once one is free; fails with
     * {@link Failure#OVERFLOW} when the pool's queue is full. Must be called on the pool's loop.
     */
    void acquire(LeaseCallback callback);

    /** Drops a queued request whose exchange gave up (timeout, client gone). */
    void cancel(LeaseCallback callback);

    /** Connections open and doing nothing. */
    int idleCount();

    /** Leases in use: connections (HTTP/1.1) or streams (HTTP/2). */
    int leasedCount();

    /** Connections open or being opened. */
    int openCount();

    /** Requests queued for a lease. */
    int waitingCount();

    /** Closes idle connections now and the rest as they are released; queued requests fail. */
    void close();
}
