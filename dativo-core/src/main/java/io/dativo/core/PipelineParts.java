package io.dativo.core;

import io.dativo.api.BaseReader;
import io.dativo.api.ClaimOptions;
import io.dativo.api.BaseWriter;
import io.dativo.api.StateStore;
import io.dativo.core.config.Masker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.LoggerFactory;

/**
 * What a host gives a pipeline besides the job: where readers and writers come from, memory, state store,
 * listeners, threads and a time limit.
 *
 * @param reader         makes readers, or {@code null} to find them by the source's type
 * @param oneReader      true when {@code reader} serves one instance only
 * @param writer         makes writers, or {@code null} to find them by the target's type
 * @param oneWriter      true when {@code writer} serves one instance only
 * @param allocator      the parent of the runs' Arrow memory, or {@code null}
 * @param allocatorLimit the most Arrow memory a run may hold
 * @param stateStore     the host's state store, or {@code null} for the job's own
 * @param listeners      what hears the runs
 * @param executor       the host's threads, or {@code null} for a pool per run
 * @param timeout        a time limit instead of the job's, or {@code null}
 * @param claimOptions   how a run of an incremental job claims it (how long it waits for another run)
 */
record PipelineParts(Supplier<? extends BaseReader> reader, boolean oneReader, Supplier<? extends BaseWriter> writer,
                     boolean oneWriter, BufferAllocator allocator, long allocatorLimit, StateStore stateStore,
                     List<RunListener> listeners, ExecutorService executor, Duration timeout,
                     ClaimOptions claimOptions) {

    PipelineParts {
        listeners = List.copyOf(listeners);
    }

    static PipelineParts defaults() {
        return new PipelineParts(null, false, null, false, null, Long.MAX_VALUE, null, List.of(), null, null,
                ClaimOptions.defaults());
    }

    PipelineParts withReader(Supplier<? extends BaseReader> r, boolean one) {
        return new PipelineParts(r, one, writer, oneWriter, allocator, allocatorLimit, stateStore, listeners,
                executor, timeout, claimOptions);
    }

    PipelineParts withWriter(Supplier<? extends BaseWriter> w, boolean one) {
        return new PipelineParts(reader, oneReader, w, one, allocator, allocatorLimit, stateStore, listeners,
                executor, timeout, claimOptions);
    }

    PipelineParts withAllocator(BufferAllocator a) {
        return new PipelineParts(reader, oneReader, writer, oneWriter, a, allocatorLimit, stateStore, listeners,
                executor, timeout, claimOptions);
    }

    PipelineParts withAllocatorLimit(long limit) {
        return new PipelineParts(reader, oneReader, writer, oneWriter, allocator, limit, stateStore, listeners,
                executor, timeout, claimOptions);
    }

    PipelineParts withStateStore(StateStore s) {
        return new PipelineParts(reader, oneReader, writer, oneWriter, allocator, allocatorLimit,
                Objects.requireNonNull(s), listeners, executor, timeout, claimOptions);
    }

    PipelineParts withListener(RunListener l) {
        List<RunListener> all = new ArrayList<>(listeners);
        all.add(Objects.requireNonNull(l));
        return new PipelineParts(reader, oneReader, writer, oneWriter, allocator, allocatorLimit, stateStore, all,
                executor, timeout, claimOptions);
    }

    PipelineParts withExecutor(ExecutorService e) {
        return new PipelineParts(reader, oneReader, writer, oneWriter, allocator, allocatorLimit, stateStore,
                listeners, Objects.requireNonNull(e), timeout, claimOptions);
    }

    PipelineParts withClaimWait(Duration maxWait) {
        return new PipelineParts(reader, oneReader, writer, oneWriter, allocator, allocatorLimit, stateStore,
                listeners, executor, timeout, claimOptions.withMaxWait(maxWait));
    }

    PipelineParts withTimeout(Duration t) {
        if (t != null && (t.isNegative() || t.isZero())) {
            throw new IllegalArgumentException("a timeout must be positive");
        }
        return new PipelineParts(reader, oneReader, writer, oneWriter, allocator, allocatorLimit, stateStore,
                listeners, executor, t, claimOptions);
    }

    /** A daemon thread, so that a stage abandoned by a stopped run never keeps the JVM alive. */
    static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "dativo-stage");
        t.setDaemon(true);
        return t;
    }

    static void closeQuietly(AutoCloseable c, Masker masker) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LoggerFactory.getLogger(Pipeline.class).warn("closing {} failed: {}", c.getClass().getName(),
                    masker.describe(e));
        }
    }
}
