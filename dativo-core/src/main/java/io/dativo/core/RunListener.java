package io.dativo.core;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * Hears what a run does, for progress displays and metrics (Micrometer, JFR) without Dativo depending on them.
 * Every method has a default, so a listener implements only what it needs. {@link #batchRead} is called on the
 * reading thread, the others on the thread that called {@link Pipeline#run()}; implementations must be
 * thread-safe and quick.
 */
public interface RunListener {

    /**
     * A run (or a retry of it) started.
     *
     * @param run             which run
     * @param recordsEstimate what the reader expects to read, if it can tell
     */
    default void runStarted(RunInfo run, OptionalLong recordsEstimate) {
    }

    /** A batch was read and validated. */
    default void batchRead(RunInfo run, BatchStats batch) {
    }

    /** A batch was handed to the writer. */
    default void batchWritten(RunInfo run, BatchStats batch) {
    }

    /** The run committed; {@code result} is what {@link Pipeline#run()} returns. */
    default void committed(RunInfo run, RunResult result) {
    }

    /** The attempt failed and nothing of it was committed. */
    default void failed(RunInfo run, RunResult result) {
    }

    /**
     * Which run an event belongs to.
     *
     * @param runId    the run
     * @param tenantId the tenant
     * @param job      the job
     * @param asset    the asset
     * @param attempt  1 for the first attempt, more for retries
     */
    record RunInfo(String runId, String tenantId, String job, String asset, int attempt) {
    }

    /**
     * One batch and the run's totals so far.
     *
     * @param object       the source object
     * @param records      records in the batch
     * @param bytes        bytes of the batch in memory
     * @param invalid      records of the batch with errors
     * @param totalRecords records so far in the run, this batch included
     * @param totalBytes   bytes so far in the run
     * @param elapsed      time since the run started
     */
    record BatchStats(String object, long records, long bytes, long invalid, long totalRecords, long totalBytes,
                      Duration elapsed) {
    }
}
