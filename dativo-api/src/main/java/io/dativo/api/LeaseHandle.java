package io.dativo.api;

/**
 * A claim a run holds on a job. Stores that keep leases renew them in the background until the handle is closed;
 * closing releases the job.
 *
 * @since 0.2
 */
public interface LeaseHandle extends AutoCloseable {

    /** The lease as last renewed. */
    Lease lease();

    /**
     * Whether the run still holds the job: false once the handle is closed, or when another run took the lease over
     * because it had run out (a run stalled for longer than its time to live).
     */
    boolean held();

    /**
     * Throws a {@link DativoException} of kind {@link ErrorKind#TRANSIENT} unless the run still holds the job; a run
     * calls it just before it commits, so that a run whose lease was taken over commits nothing.
     */
    default void checkHeld() {
        if (!held()) {
            Lease l = lease();
            throw new DativoException(ErrorKind.TRANSIENT, "run " + l.runId() + " no longer holds job " + l.job()
                    + " of tenant " + l.tenantId() + ": it was released, or another run took it over after the "
                    + "lease was not renewed before " + l.expiresAt() + "; nothing of this run is committed", null);
        }
    }

    /** Releases the job; a second call does nothing. */
    @Override
    void close();

    /**
     * A handle for a claim that is not renewed: {@code lease} describes it and closing {@code release} ends it.
     * Adapts stores that implement only {@link StateStore#claim(String, String, String)}.
     */
    static LeaseHandle of(Lease lease, AutoCloseable release) {
        return new LeaseHandle() {
            private volatile boolean open = true;

            @Override
            public Lease lease() {
                return lease;
            }

            @Override
            public boolean held() {
                return open;
            }

            @Override
            public synchronized void close() {
                if (!open) {
                    return;
                }
                open = false;
                try {
                    release.close();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new DativoException(ErrorKind.TRANSIENT, "cannot release job " + lease.job() + " of tenant "
                            + lease.tenantId() + ": " + e.getMessage(), e);
                }
            }
        };
    }
}
