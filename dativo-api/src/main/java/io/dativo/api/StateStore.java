package io.dativo.api;

import java.util.List;
import java.util.Optional;

/**
 * Keeps incremental state between runs. The pipeline saves a run's state only after the target has committed the
 * data it covers. Implementations must make each {@link #save} atomic per key: a reader sees the old record or the
 * new one, never a mix.
 *
 * @since 0.1
 */
public interface StateStore extends AutoCloseable {

    /** The committed state of {@code key}, if any. */
    Optional<StateRecord> load(StateKey key);

    /** Saves records, each replacing the one with its key. */
    void save(List<StateRecord> records);

    /** Every record of a tenant's job ({@code job} null: of all the tenant's jobs). */
    List<StateRecord> list(String tenantId, String job);

    /** Removes the state of {@code key}, so the next run reads the object from the start. */
    void delete(StateKey key);

    /**
     * Claims the job for one run, so that two runs of the same job never interleave; the claim ends when the
     * returned handle is closed. Throws {@link DativoException} naming the holder when another run has it. The
     * default does not exclude anything, for stores used by one process at a time. The built-in stores take a lease
     * with {@link ClaimOptions#defaults()}.
     */
    default AutoCloseable claim(String tenantId, String job, String runId) {
        return () -> {
        };
    }

    /**
     * Claims the job for one run as a {@link Lease} (host, process, start, heartbeat, time to live), renewed in the
     * background until the returned handle is closed. When a live run holds the job, waits up to
     * {@link ClaimOptions#maxWait()} for it to end, then throws {@link LeaseHeldException} naming it; a dead holder's
     * lease (see {@link Lease#isDead}) is taken over. The default adapts {@link #claim(String, String, String)} for
     * stores that implement only that: it neither waits nor renews.
     *
     * @since 0.2
     */
    default LeaseHandle claim(String tenantId, String job, String runId, ClaimOptions options) {
        AutoCloseable release = claim(tenantId, job, runId);
        return LeaseHandle.of(Lease.forThisProcess(tenantId, job, runId, options.ttl()), release);
    }

    @Override
    default void close() throws Exception {
    }
}
