package io.dativo.core.state;

import io.dativo.api.DativoException;
import io.dativo.api.ErrorKind;
import io.dativo.api.StateKey;
import io.dativo.api.StateRecord;
import io.dativo.api.StateStore;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The record of which job a job name's state belongs to, kept in the state store beside the state as the object
 * {@value #OBJECT}: the fingerprint of the job's source and target and a description for messages. It is saved with
 * the first state a job commits and checked while the job's claim is held, before anything is read, so a second job
 * with the same tenant and name but another source or target is refused instead of taking up the first one's
 * position. One load per run; no extra file or table. State saved before jobs had a record is adopted by the next
 * run, which then writes the record.
 */
public final class JobRecords {

    /** The object name the record is kept under; no reader names an object so. */
    public static final String OBJECT = "@job";

    private JobRecords() {
    }

    /**
     * Refuses the run when {@code store} holds a record of another job by this name.
     *
     * @throws DativoException of kind {@link ErrorKind#CONFIG}, naming both jobs
     */
    public static void verify(StateStore store, String tenant, String job, String fingerprint, String description) {
        Optional<StateRecord> held = store.load(new StateKey(tenant, job, OBJECT));
        Object was = held.map(r -> r.values().get("fingerprint")).orElse(null);
        if (was != null && !was.equals(fingerprint)) {
            Object other = held.get().values().get("description");
            throw new DativoException(ErrorKind.CONFIG, "job '" + job + "' of tenant '" + tenant + "' has state "
                    + "written by a job with another source or target (" + other + ", run " + held.get().runId()
                    + "); this one reads " + description + ". Jobs that share a name share incremental state: give "
                    + "this one its own name (the job key name), or reset the other's state", null);
        }
    }

    /** The record to save with a run's state. */
    public static StateRecord record(String tenant, String job, String fingerprint, String description, String runId,
                                     Instant committedAt) {
        return new StateRecord(new StateKey(tenant, job, OBJECT),
                Map.of("fingerprint", fingerprint, "description", description), runId, committedAt, null);
    }

    /** Whether {@code r} is a job record rather than a reader's state. */
    public static boolean isRecord(StateRecord r) {
        return OBJECT.equals(r.key().object());
    }
}
