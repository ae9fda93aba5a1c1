package io.dativo.core;

import io.dativo.api.DativoException;
import io.dativo.api.ErrorKind;
import io.dativo.api.FileMetadata;
import io.dativo.core.validate.ValidationSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a run did. Messages are free of secrets. A run whose status is not {@linkplain RunStatus#committed()
 * committed} committed nothing; a failure after the commit (saving state, cleaning up) leaves the run committed and
 * is reported in {@link #warnings()}.
 *
 * @param status         how it ended
 * @param runId          the run's identifier, also in file names and the manifest
 * @param jobName        the job
 * @param tenantId       the tenant
 * @param recordsRead    records the source produced
 * @param recordsValid   records without errors
 * @param recordsInvalid records with at least one error
 * @param recordsWritten records committed to the target (not counting quarantined ones)
 * @param files          the committed files, with path, size, record count and partition values
 * @param validation     what validation found
 * @param startedAt      when the run started
 * @param finishedAt     when it ended
 * @param timings        where the time went
 * @param stateBefore    object to its committed state values when the run started (incremental jobs)
 * @param stateAfter     object to its state values when the run ended; equal to {@code stateBefore} on failure
 * @param attempts       how many attempts the run took (more than 1 after retries)
 * @param error          why it failed, or {@code null}
 * @param failure        the failure with secrets masked in its messages, or {@code null}
 * @param failureKind    what kind of failure it was, or {@code null} when the run committed
 * @param warnings       what went wrong without undoing the run: state not saved after the commit, a reader that
 *                       ignored cancellation and was abandoned
 * @param bytesRead      the size of what the source produced, as the Arrow buffers of its batches (text columns for
 *                       CSV and JSON Lines, so close to the text's size; typed columns for Parquet and databases)
 */
public record RunResult(RunStatus status, String runId, String jobName, String tenantId, long recordsRead,
                        long recordsValid, long recordsInvalid, long recordsWritten, List<FileMetadata> files,
                        ValidationSummary validation, Instant startedAt, Instant finishedAt, Timings timings,
                        Map<String, Map<String, Object>> stateBefore, Map<String, Map<String, Object>> stateAfter,
                        int attempts, String error, Throwable failure, ErrorKind failureKind,
                        List<String> warnings, long bytesRead) {

    /**
     * Where a run's time went.
     *
     * @param total      start to end
     * @param waiting    time the writers waited for the source and validation, summed over splits
     * @param writing    time in the writers' {@code write} and {@code finish}, summed over splits
     * @param committing time in the commit
     * @param cpu        processor time by stage
     */
    public record Timings(Duration total, Duration waiting, Duration writing, Duration committing, Cpu cpu) {

        /** Requires every value. */
        public Timings {
            Objects.requireNonNull(cpu, "cpu");
        }

        /** Wall times without processor times, in the shape of earlier versions. */
        public Timings(Duration total, Duration waiting, Duration writing, Duration committing) {
            this(total, waiting, writing, committing, Cpu.zero());
        }

        /** No time at all. */
        public static Timings zero() {
            return new Timings(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
        }
    }

    /**
     * Processor time of a run by stage, each summed over splits and measured on the stage's own thread, beside the
     * whole process's processor time over the run (which adds what no stage counts: planning, the commit, the JIT
     * compiler, garbage collection, and whatever else the process ran meanwhile). All zero where the JVM cannot
     * measure thread or process time.
     *
     * @param reading    the readers: opening, parsing, filling the batches
     * @param validating validation: coercion of text to the contract's types and the contract's checks
     * @param writing    the writers: encoding, compressing and staging the output, with their {@code finish}
     *                   (and the opening of each split's reader and writer, on the same thread)
     * @param process    the whole process from the attempt's start to its end
     */
    public record Cpu(Duration reading, Duration validating, Duration writing, Duration process) {

        /** No time at all. */
        public static Cpu zero() {
            return new Cpu(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
        }

        /** Validation's share of the process's processor time over the run, from 0 to 1; 0 when none was measured. */
        public double validationShare() {
            long all = process.toNanos();
            return all <= 0 ? 0 : Math.min(1, (double) validating.toNanos() / all);
        }
    }

    /**
     * How fast a run went: records and megabytes (10<sup>6</sup> bytes) read per second of the run's total time.
     *
     * @param recordsPerSecond   records read per second
     * @param megabytesPerSecond megabytes read per second, counted as {@link RunResult#bytesRead()} counts them: the
     *                           Arrow buffers of the source's batches
     */
    public record Throughput(double recordsPerSecond, double megabytesPerSecond) {
    }

    /** Copies the collections so the value cannot change; a failure without a kind gets its exception's kind. */
    public RunResult {
        Objects.requireNonNull(status, "status");
        files = List.copyOf(files);
        stateBefore = Map.copyOf(stateBefore);
        stateAfter = Map.copyOf(stateAfter);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        if (failureKind == null && failure != null) {
            failureKind = failure instanceof DativoException d ? d.kind() : ErrorKind.INTERNAL;
        }
    }

    /** A result without a count of bytes read, in the shape of earlier versions. */
    public RunResult(RunStatus status, String runId, String jobName, String tenantId, long recordsRead,
                     long recordsValid, long recordsInvalid, long recordsWritten, List<FileMetadata> files,
                     ValidationSummary validation, Instant startedAt, Instant finishedAt, Timings timings,
                     Map<String, Map<String, Object>> stateBefore, Map<String, Map<String, Object>> stateAfter,
                     int attempts, String error, Throwable failure, ErrorKind failureKind,
                     List<String> warnings) {
        this(status, runId, jobName, tenantId, recordsRead, recordsValid, recordsInvalid, recordsWritten, files,
                validation, startedAt, finishedAt, timings, stateBefore, stateAfter, attempts, error, failure,
                failureKind, warnings, 0);
    }

    /** A result without a failure kind or warnings, in the shape of earlier versions. */
    public RunResult(RunStatus status, String runId, String jobName, String tenantId, long recordsRead,
                     long recordsValid, long recordsInvalid, long recordsWritten, List<FileMetadata> files,
                     ValidationSummary validation, Instant startedAt, Instant finishedAt, Timings timings,
                     Map<String, Map<String, Object>> stateBefore, Map<String, Map<String, Object>> stateAfter,
                     int attempts, String error, Throwable failure) {
        this(status, runId, jobName, tenantId, recordsRead, recordsValid, recordsInvalid, recordsWritten, files,
                validation, startedAt, finishedAt, timings, stateBefore, stateAfter, attempts, error, failure, null,
                List.of(), 0);
    }

    /** A builder for a result, starting empty: status {@code FAILED}, no records, no files. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this result. */
    public Builder toBuilder() {
        Builder b = new Builder().status(status).runId(runId).jobName(jobName).tenantId(tenantId)
                .recordsRead(recordsRead).recordsValid(recordsValid).recordsInvalid(recordsInvalid)
                .recordsWritten(recordsWritten).files(files).validation(validation).startedAt(startedAt)
                .finishedAt(finishedAt).timings(timings).stateBefore(stateBefore).stateAfter(stateAfter)
                .attempts(attempts).error(error).failure(failure).failureKind(failureKind).bytesRead(bytesRead);
        b.warnings.addAll(warnings);
        return b;
    }

    /** True if the run committed: {@link RunStatus#SUCCEEDED} or {@link RunStatus#SUCCEEDED_WITH_WARNINGS}. */
    public boolean succeeded() {
        return status.committed();
    }

    /** Records and megabytes read per second of {@link Timings#total()}; zero when no time was measured. */
    public Throughput throughput() {
        double seconds = timings.total().toNanos() / 1e9;
        return seconds <= 0 ? new Throughput(0, 0)
                : new Throughput(recordsRead / seconds, bytesRead / 1e6 / seconds);
    }

    /** The failure, if any. */
    public Optional<Throwable> failureCause() {
        return Optional.ofNullable(failure);
    }

    /**
     * One line for a person: the run, its status, and what it read and wrote, or why it did not commit (the error
     * is masked already).
     */
    public String summary() {
        String head = "run " + runId + " " + status.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": ";
        return succeeded() ? head + recordsRead + " records read, " + recordsWritten + " written to " + files.size()
                + " files" : head + error;
    }

    /** This result if the run committed; otherwise throws its failure. */
    public RunResult orThrow() {
        if (!succeeded()) {
            throw failure instanceof RuntimeException r ? r
                    : new DativoException(failureKind == null ? ErrorKind.INTERNAL : failureKind,
                    error == null ? status.name() : error, failure);
        }
        return this;
    }

    /** Builds a {@link RunResult}; every value has a neutral default. */
    public static final class Builder {
        private RunStatus status = RunStatus.FAILED;
        private String runId;
        private String jobName;
        private String tenantId;
        private long recordsRead;
        private long bytesRead;
        private long recordsValid;
        private long recordsInvalid;
        private long recordsWritten;
        private List<FileMetadata> files = List.of();
        private ValidationSummary validation = ValidationSummary.empty();
        private Instant startedAt = Instant.EPOCH;
        private Instant finishedAt = Instant.EPOCH;
        private Timings timings = Timings.zero();
        private Map<String, Map<String, Object>> stateBefore = Map.of();
        private Map<String, Map<String, Object>> stateAfter = Map.of();
        private int attempts = 1;
        private String error;
        private Throwable failure;
        private ErrorKind failureKind;
        private final List<String> warnings = new ArrayList<>();

        private Builder() {
        }

        /** How the run ended. */
        public Builder status(RunStatus status) {
            this.status = Objects.requireNonNull(status);
            return this;
        }

        /** The run's identifier. */
        public Builder runId(String runId) {
            this.runId = runId;
            return this;
        }

        /** The job. */
        public Builder jobName(String jobName) {
            this.jobName = jobName;
            return this;
        }

        /** The tenant. */
        public Builder tenantId(String tenantId) {
            this.tenantId = tenantId;
            return this;
        }

        /** Records the source produced. */
        public Builder recordsRead(long n) {
            this.recordsRead = n;
            return this;
        }

        /** The Arrow buffer bytes of the source's batches. */
        public Builder bytesRead(long n) {
            this.bytesRead = n;
            return this;
        }

        /** Records without errors. */
        public Builder recordsValid(long n) {
            this.recordsValid = n;
            return this;
        }

        /** Records with errors. */
        public Builder recordsInvalid(long n) {
            this.recordsInvalid = n;
            return this;
        }

        /** Records committed. */
        public Builder recordsWritten(long n) {
            this.recordsWritten = n;
            return this;
        }

        /** The committed files. */
        public Builder files(List<FileMetadata> files) {
            this.files = Objects.requireNonNull(files);
            return this;
        }

        /** What validation found. */
        public Builder validation(ValidationSummary validation) {
            this.validation = Objects.requireNonNull(validation);
            return this;
        }

        /** When the run started. */
        public Builder startedAt(Instant at) {
            this.startedAt = Objects.requireNonNull(at);
            return this;
        }

        /** When it ended. */
        public Builder finishedAt(Instant at) {
            this.finishedAt = Objects.requireNonNull(at);
            return this;
        }

        /** Where the time went. */
        public Builder timings(Timings timings) {
            this.timings = Objects.requireNonNull(timings);
            return this;
        }

        /** Committed state when the run started. */
        public Builder stateBefore(Map<String, Map<String, Object>> state) {
            this.stateBefore = Objects.requireNonNull(state);
            return this;
        }

        /** State when the run ended. */
        public Builder stateAfter(Map<String, Map<String, Object>> state) {
            this.stateAfter = Objects.requireNonNull(state);
            return this;
        }

        /** How many attempts the run took. */
        public Builder attempts(int attempts) {
            this.attempts = attempts;
            return this;
        }

        /** Why it failed. */
        public Builder error(String error) {
            this.error = error;
            return this;
        }

        /** The failure, with secrets masked. */
        public Builder failure(Throwable failure) {
            this.failure = failure;
            return this;
        }

        /** What kind of failure it was; by default the failure's own kind. */
        public Builder failureKind(ErrorKind kind) {
            this.failureKind = kind;
            return this;
        }

        /** Adds a warning. */
        public Builder warning(String warning) {
            this.warnings.add(Objects.requireNonNull(warning));
            return this;
        }

        /** Adds warnings. */
        public Builder warnings(List<String> warnings) {
            this.warnings.addAll(warnings);
            return this;
        }

        /** The result. */
        public RunResult build() {
            return new RunResult(status, runId, jobName, tenantId, recordsRead, recordsValid, recordsInvalid,
                    recordsWritten, files, validation, startedAt, finishedAt, timings, stateBefore, stateAfter,
                    attempts, error, failure, failureKind, warnings, bytesRead);
        }
    }
}
