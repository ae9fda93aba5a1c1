package io.dativo.plugins.s3;

import java.io.InterruptedIOException;

/**
 * The bytes of parts one client holds in memory, filling or uploading, across all its open files. A writer that
 * would go over the limit waits for uploads in flight to finish; when none is in flight nothing would ever free
 * memory, so it goes ahead: then the bound is the open files times the part size, and each file hands over a part as
 * soon as it has S3's minimum.
 */
final class MemoryBudget {

    private final long limit;
    private long used;
    private int inFlight;

    MemoryBudget(long limit) {
        this.limit = limit;
    }

    /** Takes {@code bytes}, waiting while the budget is spent and uploads in flight will give some back. */
    synchronized void acquire(long bytes) throws InterruptedIOException {
        while (used + bytes > limit && inFlight > 0) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted waiting for S3 upload buffers");
            }
        }
        used += bytes;
    }

    /** True if taking {@code bytes} more would go over the limit. */
    synchronized boolean tight(long bytes) {
        return used + bytes > limit;
    }

    synchronized void release(long bytes) {
        used -= bytes;
        notifyAll();
    }

    synchronized void uploadStarted() {
        inFlight++;
    }

    synchronized void uploadEnded() {
        inFlight--;
        notifyAll();
    }

    /** Bytes held now, for tests and diagnostics. */
    synchronized long used() {
        return used;
    }
}
