package io.dativo.core.run;

import io.dativo.core.validate.ValidationSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** The running totals of one attempt over all its splits, and the events they produce. */
final class Progress {

    private final RunEvents events;
    private final Instant started;
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final AtomicLong readingCpu = new AtomicLong();
    private final AtomicLong validatingCpu = new AtomicLong();
    private final AtomicLong writingCpu = new AtomicLong();
    private ValidationSummary validation = ValidationSummary.empty();

    Progress(RunEvents events, Instant started) {
        this.events = events;
        this.started = started;
    }

    void batchRead(String object, long records, long bytes, long invalid) {
        long total = read.addAndGet(records);
        long totalBytes = bytesRead.addAndGet(bytes);
        events.batchRead(object, records, bytes, invalid, total, totalBytes, Duration.between(started, Instant.now()));
    }

    void batchWritten(String object, long records, long bytes, long invalid) {
        long total = written.addAndGet(records);
        long totalBytes = bytesWritten.addAndGet(bytes);
        events.batchWritten(object, records, bytes, invalid, total, totalBytes,
                Duration.between(started, Instant.now()));
    }

    /** Adds the counts of a split that ran in another process, where its batches were counted. */
    void add(SplitOutcome split) {
        read.addAndGet(split.recordsRead());
        bytesRead.addAndGet(split.bytesRead());
        written.addAndGet(split.recordsWritten());
        validated(split.validation());
    }

    /** Adds what one split's validation found, whether or not the split succeeded. */
    synchronized void validated(ValidationSummary split) {
        validation = validation.merge(split);
    }

    synchronized ValidationSummary validation() {
        return validation;
    }

    /** Adds processor time of a split's reader, validation and writer, in nanoseconds. */
    void cpu(long reading, long validating, long writing) {
        readingCpu.addAndGet(reading);
        validatingCpu.addAndGet(validating);
        writingCpu.addAndGet(writing);
    }

    /** The processor time of the stages so far, with {@code process} as the process's. */
    CpuTimes cpu(long process) {
        return new CpuTimes(readingCpu.get(), validatingCpu.get(), writingCpu.get(), process);
    }

    long read() {
        return read.get();
    }

    long bytesRead() {
        return bytesRead.get();
    }

    long written() {
        return written.get();
    }
}
