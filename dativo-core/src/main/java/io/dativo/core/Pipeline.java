package io.dativo.core;

import io.dativo.api.AssetDefinition;
import io.dativo.api.BaseReader;
import io.dativo.api.BaseWriter;
import io.dativo.api.ConfigException;
import io.dativo.api.DativoException;
import io.dativo.api.ErrorKind;
import io.dativo.api.FileMetadata;
import io.dativo.api.IncrementalSpec;
import io.dativo.api.ReadContext;
import io.dativo.api.RejectedRecord;
import io.dativo.api.RetryableException;
import io.dativo.api.RunCommit;
import io.dativo.api.SourceBatch;
import io.dativo.api.SourceConfig;
import io.dativo.api.SourceDataException;
import io.dativo.api.StateKey;
import io.dativo.api.StateRecord;
import io.dativo.api.StateStore;
import io.dativo.api.TargetConfig;
import io.dativo.api.ValidationMode;
import io.dativo.api.WriteContext;
import io.dativo.core.config.JobIdentity;
import io.dativo.core.config.JobLoader;
import io.dativo.core.config.JobSpec;
import io.dativo.core.config.Masker;
import io.dativo.core.config.RetryConfig;
import io.dativo.core.internal.ArrowSupport;
import io.dativo.core.internal.Preloader;
import io.dativo.core.plugin.Plugins;
import io.dativo.core.state.FileStateStore;
import io.dativo.core.state.JdbcStateStore;
import io.dativo.core.state.JobRecords;
import io.dativo.core.state.StateStores;
import io.dativo.core.storage.OutputLayout;
import io.dativo.core.validate.ValidationError;
import io.dativo.core.validate.ValidationFailedException;
import io.dativo.core.validate.ValidationSummary;
import io.dativo.core.validate.Validator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One ingestion job, ready to run: read the source, check every record against the contract, write the target,
 * commit. {@code Pipeline.fromYaml(Path.of("job.yaml")).run()} runs a YAML job; {@link #builder()} builds one in
 * code. A pipeline may be run more than once; each run is independent.
 *
 * <p>Reading, validation and writing run on three threads (writing on the caller's), joined by hand-offs of
 * {@value #HANDOFF_DEPTH} batches each, so memory is bounded by the batch size whatever the size of the source.
 */
public final class Pipeline {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    static final int HANDOFF_DEPTH = 2;
    private static final int DEFAULT_BATCH_SIZE = 65_536;
    private static final int REJECTS_PER_FILE = 10_000;
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final JobSpec spec;
    private final Masker masker;
    private final BaseReader reader;
    private final BaseWriter writer;
    private final BufferAllocator allocator;
    private final long allocatorLimit;
    private final StateStore stateStore;
    private final List<RunListener> listeners;

    private Pipeline(JobSpec spec, Masker masker, BaseReader reader, BaseWriter writer, BufferAllocator allocator,
                     long allocatorLimit, StateStore stateStore, List<RunListener> listeners) {
        this.listeners = List.copyOf(listeners);
        this.spec = spec;
        this.masker = masker;
        this.reader = reader;
        this.writer = writer;
        this.allocator = allocator;
        this.allocatorLimit = allocatorLimit;
        this.stateStore = stateStore;
    }

    /**
     * The job in {@code jobFile}, with relative paths resolved against the working directory and variables from
     * the environment.
     *
     * @throws ConfigException listing every problem in the job, its recipes and its contract
     */
    public static Pipeline fromYaml(Path jobFile) {
        return fromYaml(jobFile, new JobLoader());
    }

    /** The job in {@code jobFile}, loaded by {@code loader} (base directory, variables, secret sources). */
    public static Pipeline fromYaml(Path jobFile, JobLoader loader) {
        preload();
        JobLoader.Loaded loaded = loader.loadJob(jobFile);
        return new Pipeline(loaded.spec(), loaded.masker(), null, null, null, Long.MAX_VALUE, null,
                List.of());
    }

    /** A builder for a pipeline defined in code. */
    public static Builder builder() {
        preload();
        return new Builder();
    }

    /** Starts initializing Arrow's schema classes, which every run needs, while the job is being set up. */
    private static void preload() {
        Preloader.initialize("arrow", org.apache.arrow.vector.types.pojo.Schema.class);
    }

    /** The job this pipeline runs. */
    public JobSpec spec() {
        return spec;
    }

    /**
     * This pipeline with its Arrow memory taken from {@code parent}; the caller keeps ownership of {@code parent}
     * and can check it for leaks.
     */
    public Pipeline withAllocator(BufferAllocator parent) {
        return new Pipeline(spec, masker, reader, writer, parent, allocatorLimit, stateStore, listeners);
    }

    /** This pipeline reporting to {@code listener} as well. */
    public Pipeline withListener(RunListener listener) {
        List<RunListener> all = new ArrayList<>(listeners);
        all.add(Objects.requireNonNull(listener));
        return new Pipeline(spec, masker, reader, writer, allocator, allocatorLimit, stateStore, all);
    }

    /** This pipeline keeping its incremental state in {@code store}. */
    public Pipeline withStateStore(StateStore store) {
        return new Pipeline(spec, masker, reader, writer, allocator, allocatorLimit, Objects.requireNonNull(store),
                listeners);
    }

    /**
     * The store this pipeline keeps state in: the one given; else, when the source's {@code incremental.state_path}
     * is a JDBC URL, a {@link JdbcStateStore} there; else a {@link FileStateStore} under that path, or under
     * {@code .dativo/state} in the job's base directory.
     */
    public StateStore stateStore() {
        if (stateStore != null) {
            return stateStore;
        }
        return StateStores.forSource(spec.source().incremental(), Path.of(spec.source().baseDir()));
    }

    /** The committed state of every object of this job. */
    public List<StateRecord> state() {
        return stateStore().list(spec.tenantId(), spec.name()).stream().filter(r -> !JobRecords.isRecord(r))
                .toList();
    }

    /**
     * Resets the state of {@code object} (every object of the job when null), so the next run reads it from the
     * start. The reset is recorded as an empty state, newer than any commit the target holds.
     */
    public void resetState(String object) {
        StateStore store = stateStore();
        Instant now = Instant.now();
        List<StateRecord> resets = new ArrayList<>();
        for (StateRecord r : store.list(spec.tenantId(), spec.name())) {
            if (object == null || r.key().object().equals(object)) {
                resets.add(new StateRecord(r.key(), Map.of(), "reset-" + RUN_ID.format(now), now, null));
            }
        }
        if (object != null && resets.isEmpty()) {
            resets.add(new StateRecord(new StateKey(spec.tenantId(), spec.name(), object), Map.of(),
                    "reset-" + RUN_ID.format(now), now, null));
        }
        store.save(resets);
    }

    /**
     * The outcome of {@link #check()}.
     *
     * @param source the source's connection check
     * @param target the target's connection check
     */
    public record Checks(io.dativo.api.ConnectionCheck source, io.dativo.api.ConnectionCheck target) {
        /** True if both succeeded. */
        public boolean ok() {
            return source.success() && target.success();
        }
    }

    /** Tests the source and target connections without reading or writing data. */
    public Checks check() {
        return new Checks(checkSource(), checkTarget());
    }

    private io.dativo.api.ConnectionCheck checkSource() {
        try {
            return withOpenReader(BaseReader::checkConnection);
        } catch (Exception e) {
            return io.dativo.api.ConnectionCheck.failed(e.getClass().getSimpleName(), masker.mask(e.getMessage()));
        }
    }

    /** What a reader action needs: the reader, opened on this job's source. */
    @FunctionalInterface
    private interface ReaderAction<T> {
        T apply(BaseReader reader) throws Exception;
    }

    private <T> T withOpenReader(ReaderAction<T> action) throws Exception {
        try (Plugins.Loaded<BaseReader> r = reader != null ? new Plugins.Loaded<>(reader, null)
                : resolveReader(spec.source())) {
            BaseReader in = r.instance();
            try {
                in.open(spec.source());
                return action.apply(in);
            } finally {
                in.close();
            }
        }
    }

    private io.dativo.api.ConnectionCheck checkTarget() {
        try (Plugins.Loaded<BaseWriter> w = writer != null ? new Plugins.Loaded<>(writer, null)
                : resolveWriter(spec.target())) {
            return w.instance().checkConnection(spec.target());
        } catch (Exception e) {
            return io.dativo.api.ConnectionCheck.failed(e.getClass().getSimpleName(), masker.mask(e.getMessage()));
        }
    }

    /** The objects the source can read, with their columns where the reader knows them. */
    public List<io.dativo.api.DiscoveredObject> discover() {
        try {
            return withOpenReader(BaseReader::discover);
        } catch (DativoException e) {
            throw new DativoException(masker.mask(e.getMessage()), e);
        } catch (Exception e) {
            throw new DativoException("discovery failed: " + masker.mask(String.valueOf(e.getMessage())), e);
        }
    }

    private boolean incremental() {
        IncrementalSpec inc = spec.source().incremental();
        return inc != null && !"full_refresh".equals(inc.strategy());
    }

    /**
     * Runs the job once. Never throws for a failure of the run itself: a failed run returns a result with status
     * {@link RunStatus#FAILED}, and nothing of it is committed.
     *
     * @throws DativoException if the JVM lacks the flag Apache Arrow needs
     */
    public RunResult run() {
        ArrowSupport.check();
        RetryConfig retry = spec.retry();
        RunResult result;
        int attempt = 1;
        while (true) {
            Instant started = Instant.now();
            String runId = RUN_ID.format(started) + "-" + UUID.randomUUID().toString().substring(0, 8);
            Run run = new Run(runId, started, attempt);
            run.mdc();
            LOG.info("run {} of job {} (tenant {}, asset {}) started{}", runId, spec.name(), spec.tenantId(),
                    spec.asset().name(), attempt > 1 ? ", attempt " + attempt : "");
            result = run.execute();
            RunResult finished = result;
            run.tell(l -> {
                if (finished.succeeded()) {
                    l.committed(run.info, finished);
                } else {
                    l.failed(run.info, finished);
                }
            });
            if (result.succeeded() || attempt > retry.maxRetries() || !retryable(run.failure, retry)) {
                break;
            }
            double delay = Math.min(retry.initialDelaySeconds() * Math.pow(retry.backoffMultiplier(), attempt - 1),
                    retry.maxDelaySeconds());
            LOG.warn("run {} of job {}: attempt {} failed ({}); retrying in {} s", runId, spec.name(), attempt,
                    result.error(), delay);
            try {
                Thread.sleep((long) (delay * 1000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            attempt++;
        }
        String runId = result.runId();
        MDC.put("tenant", spec.tenantId());
        MDC.put("job", spec.name());
        MDC.put("asset", spec.asset().name());
        MDC.put("run_id", runId);
        try {
            org.slf4j.spi.LoggingEventBuilder event = (result.succeeded() ? LOG.atInfo() : LOG.atError())
                    .addKeyValue("status", result.status().name().toLowerCase(java.util.Locale.ROOT))
                    .addKeyValue("records_read", result.recordsRead())
                    .addKeyValue("records_valid", result.recordsValid())
                    .addKeyValue("records_invalid", result.recordsInvalid())
                    .addKeyValue("records_written", result.recordsWritten())
                    .addKeyValue("files", result.files().size())
                    .addKeyValue("duration_ms", result.timings().total().toMillis())
                    .addKeyValue("attempts", result.attempts());
            if (!result.validation().errorsByField().isEmpty()) {
                event = event.addKeyValue("errors_by_field", new java.util.TreeMap<>(result.validation()
                        .errorsByField()));
            }
            if (result.succeeded()) {
                event.log("run {} of job {} {}: {} records read, {} valid, {} invalid, {} written to {} files in {} ms",
                        runId, spec.name(), result.status() == RunStatus.SUCCEEDED ? "succeeded"
                                : "succeeded with warnings", result.recordsRead(), result.recordsValid(),
                        result.recordsInvalid(), result.recordsWritten(), result.files().size(),
                        result.timings().total().toMillis());
            } else {
                event.log("run {} of job {} failed after {} records read: {}", runId, spec.name(),
                        result.recordsRead(), result.error());
            }
        } finally {
            MDC.clear();
        }
        return result;
    }

    /**
     * Whether a failure is worth another attempt: a {@link RetryableException} anywhere in its causes, or a message
     * matching one of {@code retryable_error_patterns}. Configuration, validation and source data errors never are.
     */
    static boolean retryable(Throwable failure, RetryConfig retry) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConfigException || t instanceof ValidationFailedException
                    || t instanceof SourceDataException) {
                return false;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RetryableException) {
                return true;
            }
            String message = String.valueOf(t.getMessage());
            for (String pattern : retry.retryableErrorPatterns()) {
                if (java.util.regex.Pattern.compile(pattern).matcher(message).find()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** One execution; holds what the run's threads share. */
    private final class Run {
        private final String runId;
        private final Instant started;
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final AtomicLong read = new AtomicLong();
        /** Batches as read, for the validating thread. */
        private final BlockingQueue<Object> raw = new ArrayBlockingQueue<>(HANDOFF_DEPTH);
        /** Validated batches, for the writing thread. */
        private final BlockingQueue<Object> handoff = new ArrayBlockingQueue<>(HANDOFF_DEPTH);
        private static final Object END = new Object();
        private final int attempt;
        private final Map<String, StateRecord> committed = new java.util.concurrent.ConcurrentHashMap<>();
        private final Map<String, Map<String, Object>> proposed = new java.util.concurrent.ConcurrentHashMap<>();
        private StateStore store;
        Throwable failure;

        private final RunListener.RunInfo info;
        private final AtomicLong bytesRead = new AtomicLong();
        private final AtomicLong writtenSoFar = new AtomicLong();

        Run(String runId, Instant started, int attempt) {
            this.runId = runId;
            this.started = started;
            this.attempt = attempt;
            this.info = new RunListener.RunInfo(runId, spec.tenantId(), spec.name(), spec.asset().name(), attempt);
        }

        private void tell(java.util.function.Consumer<RunListener> event) {
            for (RunListener l : listeners) {
                try {
                    event.accept(l);
                } catch (RuntimeException e) {
                    LOG.warn("listener {} failed: {}", l.getClass().getName(), e.toString());
                }
            }
        }

        private void mdc() {
            MDC.put("tenant", spec.tenantId());
            MDC.put("job", spec.name());
            MDC.put("asset", spec.asset().name());
            MDC.put("run_id", runId);
        }

        private StateRecord committedState(String object) {
            return committed.computeIfAbsent(object, o -> store.load(new StateKey(spec.tenantId(), spec.name(), o))
                    .orElse(new StateRecord(new StateKey(spec.tenantId(), spec.name(), o), Map.of(), "", Instant.EPOCH,
                            null)));
        }

        /** Saves the state of the target's last commit where a crash kept it from being saved. */
        private void repairState(BaseWriter out) throws Exception {
            Optional<RunCommit> last = out.lastCommit(spec.tenantId(), spec.name());
            if (last.isEmpty()) {
                return;
            }
            List<StateRecord> repairs = new ArrayList<>();
            last.get().states().forEach((object, values) -> {
                StateRecord current = committedState(object);
                if (!current.runId().equals(last.get().runId())
                        && current.committedAt().isBefore(last.get().committedAt())) {
                    LOG.warn("state of {} repaired from the commit of run {} ({})", object, last.get().runId(),
                            last.get().committedAt());
                    StateRecord repaired = new StateRecord(current.key(), values, last.get().runId(),
                            last.get().committedAt(), null);
                    repairs.add(repaired);
                    committed.put(object, repaired);
                }
            });
            store.save(repairs);
        }

        private Map<String, Map<String, Object>> snapshot() {
            Map<String, Map<String, Object>> out = new java.util.TreeMap<>();
            committed.forEach((k, v) -> {
                if (!v.values().isEmpty()) {
                    out.put(k, v.values());
                }
            });
            return out;
        }

        RunResult execute() {
            mdc();
            BufferAllocator root = allocator != null
                    ? allocator.newChildAllocator("run-" + runId, 0, allocatorLimit)
                    : new RootAllocator(allocatorLimit);
            List<FileMetadata> files = new ArrayList<>();
            long written = 0;
            long waitNanos = 0;
            long writeNanos = 0;
            long commitNanos = 0;
            Validator validator = null;
            Plugins.Loaded<BaseReader> r = null;
            Plugins.Loaded<BaseWriter> w = null;
            Thread readerThread = null;
            Thread validatorThread = null;
            boolean opened = false;
            AutoCloseable claim = null;
            Map<String, Map<String, Object>> before = Map.of();
            Map<String, Map<String, Object>> after = Map.of();
            try (BufferAllocator readAlloc = root.newChildAllocator("read", 0, Long.MAX_VALUE);
                 BufferAllocator writeAlloc = root.newChildAllocator("write", 0, Long.MAX_VALUE)) {
                try {
                    r = reader != null ? new Plugins.Loaded<>(reader, null) : resolveReader(spec.source());
                    w = writer != null ? new Plugins.Loaded<>(writer, null) : resolveWriter(spec.target());
                    BaseWriter out = w.instance();
                    if (spec.validationMode() == ValidationMode.QUARANTINE && !out.supportsRejects()) {
                        throw new DativoException("schema_validation_mode quarantine needs a writer that keeps "
                                + "rejected records; " + out.getClass().getName() + " does not");
                    }
                    if (incremental()) {
                        store = stateStore();
                        claim = store.claim(spec.tenantId(), spec.name(), runId);
                        JobRecords.verify(store, spec.tenantId(), spec.name(), JobIdentity.fingerprint(spec),
                                JobIdentity.describe(spec));
                    }
                    opened = true;
                    out.open(writeContext(writeAlloc));
                    if (store != null) {
                        repairState(out);
                        before = snapshot();
                    }
                    r.instance().open(spec.source());
                    java.util.OptionalLong estimate = r.instance().totalRecordsEstimate();
                    tell(l -> l.runStarted(info, estimate));
                    validator = new Validator(spec.asset(), spec.validationMode(), readAlloc);
                    Validator v = validator;
                    BaseReader in = r.instance();
                    ReadContext ctx = readContext(readAlloc);
                    readerThread = new Thread(() -> {
                        mdc();
                        readAll(in, ctx);
                    }, "dativo-read-" + runId);
                    validatorThread = new Thread(() -> {
                        mdc();
                        validateAll(v);
                    }, "dativo-validate-" + runId);
                    readerThread.setDaemon(true);
                    validatorThread.setDaemon(true);
                    readerThread.start();
                    validatorThread.start();

                    List<RejectedRecord> rejects = new ArrayList<>();
                    int counter = 0;
                    while (true) {
                        long t0 = System.nanoTime();
                        Object item = handoff.take();
                        waitNanos += System.nanoTime() - t0;
                        if (item == END) {
                            break;
                        }
                        if (item instanceof Throwable t) {
                            throw t;
                        }
                        Validator.Outcome o = (Validator.Outcome) item;
                        long t1 = System.nanoTime();
                        long rowsOut;
                        long bytesOut;
                        try (VectorSchemaRoot batch = o.valid()) {
                            files.addAll(out.writeBatch(batch, ++counter));
                            rowsOut = batch.getRowCount();
                            bytesOut = bytes(batch);
                            written += rowsOut;
                        }
                        long total = writtenSoFar.addAndGet(rowsOut);
                        RunListener.BatchStats stats = new RunListener.BatchStats(o.object(), rowsOut, bytesOut,
                                o.invalidRows(), total, 0, Duration.between(started, Instant.now()));
                        tell(l -> l.batchWritten(info, stats));
                        rejects.addAll(o.rejects());
                        if (rejects.size() >= REJECTS_PER_FILE) {
                            files.addAll(out.writeRejects(List.copyOf(rejects)));
                            rejects.clear();
                        }
                        writeNanos += System.nanoTime() - t1;
                    }
                    long t2 = System.nanoTime();
                    files.addAll(out.finish());
                    if (!rejects.isEmpty()) {
                        files.addAll(out.writeRejects(rejects));
                    }
                    writeNanos += System.nanoTime() - t2;
                    long t3 = System.nanoTime();
                    Instant committedAt = Instant.now();
                    Map<String, Map<String, Object>> states = new java.util.TreeMap<>(proposed);
                    if (!files.isEmpty()) {
                        out.commitFiles(files, new RunCommit(spec.tenantId(), spec.name(), runId, committedAt,
                                states));
                    }
                    commitNanos = System.nanoTime() - t3;
                    if (store != null && !states.isEmpty()) {
                        List<StateRecord> records = new ArrayList<>();
                        states.forEach((object, values) -> records.add(new StateRecord(
                                new StateKey(spec.tenantId(), spec.name(), object), values, runId, committedAt, null)));
                        records.add(JobRecords.record(spec.tenantId(), spec.name(), JobIdentity.fingerprint(spec),
                                JobIdentity.describe(spec), runId, committedAt));
                        store.save(records);
                        states.forEach((object, values) -> committed.put(object, records.stream()
                                .filter(x -> x.key().object().equals(object)).findFirst().orElseThrow()));
                    }
                    after = snapshot();
                } catch (Throwable t) {
                    failure = t;
                    cancelled.set(true);
                    drain();
                    join(readerThread);
                    join(validatorThread);
                    drain();
                    if (opened && w != null) {
                        try {
                            w.instance().abort();
                        } catch (Throwable abortFailure) {
                            t.addSuppressed(abortFailure);
                        }
                    }
                } finally {
                    join(readerThread);
                    join(validatorThread);
                    closeQuietly(claim, failure);
                    closeQuietly(r == null ? null : r.instance(), failure);
                    closeQuietly(w == null ? null : w.instance(), failure);
                    closeQuietly(r, failure);
                    closeQuietly(w, failure);
                }
            } catch (RuntimeException leak) {
                if (failure == null) {
                    failure = leak;
                }
            } finally {
                try {
                    root.close();
                } catch (RuntimeException leak) {
                    LOG.error("run {}: Arrow memory was not released: {}", runId, leak.getMessage());
                    if (failure == null) {
                        failure = leak;
                    }
                }
            }
            ValidationSummary summary = validator == null ? ValidationSummary.empty() : validator.summary();
            Instant finished = Instant.now();
            MDC.clear();
            RunResult.Timings timings = new RunResult.Timings(Duration.between(started, finished),
                    Duration.ofNanos(waitNanos), Duration.ofNanos(writeNanos), Duration.ofNanos(commitNanos));
            long readCount = read.get();
            long invalid = summary.invalidRecords();
            if (failure != null) {
                Throwable masked = mask(failure);
                return new RunResult(RunStatus.FAILED, runId, spec.name(), spec.tenantId(), readCount,
                        readCount - invalid, invalid, 0, List.of(), summary, started, finished, timings, before,
                        before, attempt, masked.getMessage(), masked);
            }
            List<FileMetadata> dataFiles = files.stream()
                    .filter(f -> !Boolean.TRUE.equals(f.extra().get("rejects"))).toList();
            RunStatus status = invalid > 0 ? RunStatus.SUCCEEDED_WITH_WARNINGS : RunStatus.SUCCEEDED;
            return new RunResult(status, runId, spec.name(), spec.tenantId(), readCount, readCount - invalid,
                    invalid, written, dataFiles, summary, started, finished, timings, before, after, attempt, null,
                    null);
        }

        private void readAll(BaseReader in, ReadContext ctx) {
            Object last = END;
            try {
                in.extract(ctx, batch -> put(raw, batch));
            } catch (Throwable t) {
                last = t;
            }
            forward(raw, last);
        }

        private void validateAll(Validator validator) {
            Object last = END;
            try {
                while (true) {
                    Object item = raw.poll(100, TimeUnit.MILLISECONDS);
                    if (item == null) {
                        if (cancelled.get()) {
                            return;
                        }
                    } else if (item == END || item instanceof Throwable) {
                        last = item;
                        break;
                    } else {
                        accept((SourceBatch) item, validator);
                    }
                }
            } catch (Throwable t) {
                last = t;
            }
            forward(handoff, last);
        }

        /** Passes on the end of a stage's input, or its failure, unless the run is stopping. */
        private void forward(BlockingQueue<Object> queue, Object last) {
            try {
                while (!queue.offer(last, 100, TimeUnit.MILLISECONDS)) {
                    if (cancelled.get()) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Hands a batch to the next stage, waiting while it is full; a stopping run closes the batch instead. */
        private void put(BlockingQueue<Object> queue, Object item) throws InterruptedException {
            while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                if (cancelled.get()) {
                    close(item);
                    throw new java.util.concurrent.CancellationException("run " + runId + " is stopping");
                }
            }
        }

        private void accept(SourceBatch batch, Validator validator) throws InterruptedException {
            Validator.Outcome outcome;
            try (VectorSchemaRoot ignored = batch.root()) {
                if (cancelled.get()) {
                    throw new java.util.concurrent.CancellationException("run " + runId + " is stopping");
                }
                outcome = validator.validate(batch);
                long rows = batch.root().getRowCount();
                long size = bytes(batch.root());
                RunListener.BatchStats stats = new RunListener.BatchStats(batch.object(), rows, size,
                        outcome.invalidRows(), read.addAndGet(rows), bytesRead.addAndGet(size),
                        Duration.between(started, Instant.now()));
                tell(l -> l.batchRead(info, stats));
                if (LOG.isDebugEnabled()) {
                    LOG.atDebug().addKeyValue("object", batch.object()).addKeyValue("records", rows)
                            .addKeyValue("invalid", outcome.invalidRows()).addKeyValue("bytes", size)
                            .log("batch of {} records read from {}", rows, batch.origin());
                }
            }
            if (spec.validationMode() == ValidationMode.STRICT && outcome.invalidRows() > 0) {
                outcome.valid().close();
                ValidationError first = validator.summary().firstErrors().get(0);
                throw new ValidationFailedException(validator.summary().totalErrors(), first);
            }
            put(handoff, outcome);
        }

        /** Closes the batches left in both hand-offs. */
        private void drain() {
            for (BlockingQueue<Object> queue : List.of(raw, handoff)) {
                Object item;
                while ((item = queue.poll()) != null) {
                    close(item);
                }
            }
        }

        private static void close(Object item) {
            if (item instanceof Validator.Outcome o) {
                o.valid().close();
            } else if (item instanceof SourceBatch b) {
                b.root().close();
            }
        }

        private void join(Thread t) {
            if (t == null) {
                return;
            }
            while (t.isAlive()) {
                try {
                    t.join(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                drain();
            }
        }

        private ReadContext readContext(BufferAllocator alloc) {
            Object size = spec.source().engineOptions().get("batch_size");
            int batchSize = size == null ? DEFAULT_BATCH_SIZE : Integer.parseInt(size.toString().trim());
            if (batchSize < 1) {
                throw new DativoException("source.engine.options.batch_size must be at least 1");
            }
            AssetDefinition asset = spec.asset();
            return new ReadContext() {
                @Override
                public BufferAllocator allocator() {
                    return alloc;
                }

                @Override
                public AssetDefinition asset() {
                    return asset;
                }

                @Override
                public int batchSize() {
                    return batchSize;
                }

                @Override
                public String runId() {
                    return runId;
                }

                @Override
                public boolean cancelled() {
                    return cancelled.get();
                }

                @Override
                public Optional<StateRecord> committedState(String object) {
                    if (store == null) {
                        return Optional.empty();
                    }
                    StateRecord r = Run.this.committedState(object);
                    return r.values().isEmpty() ? Optional.empty() : Optional.of(r);
                }

                @Override
                public void proposeState(String object, Map<String, Object> values) {
                    if (store != null) {
                        proposed.put(object, Map.copyOf(values));
                    }
                }
            };
        }

        private WriteContext writeContext(BufferAllocator alloc) {
            String base = OutputLayout.outputBase(spec.target(), spec.asset());
            return new WriteContext() {
                @Override
                public AssetDefinition asset() {
                    return spec.asset();
                }

                @Override
                public TargetConfig target() {
                    return spec.target();
                }

                @Override
                public String outputBase() {
                    return base;
                }

                @Override
                public String tenantId() {
                    return spec.tenantId();
                }

                @Override
                public String runId() {
                    return runId;
                }

                @Override
                public Instant runStartedAt() {
                    return started;
                }

                @Override
                public BufferAllocator allocator() {
                    return alloc;
                }
            };
        }
    }

    private static Plugins.Loaded<BaseReader> resolveReader(SourceConfig source) {
        return Plugins.reader(source);
    }

    private static Plugins.Loaded<BaseWriter> resolveWriter(TargetConfig target) {
        return Plugins.writer(target);
    }

    private static long bytes(VectorSchemaRoot root) {
        long n = 0;
        for (org.apache.arrow.vector.FieldVector v : root.getFieldVectors()) {
            n += v.getBufferSize();
        }
        return n;
    }

    private static void closeQuietly(AutoCloseable c, Throwable failure) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            if (failure != null) {
                failure.addSuppressed(e);
            } else {
                LOG.warn("closing {} failed: {}", c.getClass().getName(), e.toString());
            }
        }
    }

    /** A copy of {@code t} and its causes whose messages have secrets masked, keeping the stack traces. */
    private Throwable mask(Throwable t) {
        Throwable cause = t.getCause() == null || t.getCause() == t ? null : mask(t.getCause());
        String message = t instanceof DativoException || t.getMessage() == null
                ? masker.mask(t.getMessage()) : masker.mask(t.getClass().getSimpleName() + ": " + t.getMessage());
        DativoException copy = t instanceof ValidationFailedException
                ? new ValidationFailedException(masker.mask(t.getMessage()))
                : new DativoException(t instanceof DativoException d ? d.kind() : ErrorKind.INTERNAL,
                        message == null ? t.getClass().getName() : message, cause);
        copy.setStackTrace(t.getStackTrace());
        return copy;
    }

    /** Builds a pipeline in code. */
    public static final class Builder {
        private String name = "job";
        private String tenantId;
        private String environment;
        private SourceConfig source;
        private TargetConfig target;
        private AssetDefinition asset;
        private ValidationMode mode = ValidationMode.STRICT;
        private RetryConfig retry = RetryConfig.none();
        private BaseReader reader;
        private BaseWriter writer;
        private BufferAllocator allocator;
        private long allocatorLimit = Long.MAX_VALUE;
        private StateStore stateStore;
        private final List<RunListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /** Reports the run's events to {@code listener}. */
        public Builder listener(RunListener listener) {
            listeners.add(Objects.requireNonNull(listener));
            return this;
        }

        /** Where incremental state is kept; by default a {@link FileStateStore} (see {@link Pipeline#stateStore()}). */
        public Builder stateStore(StateStore store) {
            this.stateStore = store;
            return this;
        }

        /** The job's name, used in logs, state and output metadata. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name);
            return this;
        }

        /** The tenant (required). */
        public Builder tenant(String tenantId) {
            this.tenantId = tenantId;
            return this;
        }

        /** Free text such as {@code prod}. */
        public Builder environment(String environment) {
            this.environment = environment;
            return this;
        }

        /** The source; its type or custom reader picks the reader unless {@link #reader} is given. */
        public Builder source(SourceConfig source) {
            this.source = source;
            return this;
        }

        /** The target; its type or custom writer picks the writer unless {@link #writer} is given. */
        public Builder target(TargetConfig target) {
            this.target = target;
            return this;
        }

        /** The data contract (required). */
        public Builder asset(AssetDefinition asset) {
            this.asset = asset;
            return this;
        }

        /** What to do with invalid records; {@code STRICT} by default. */
        public Builder validationMode(ValidationMode mode) {
            this.mode = Objects.requireNonNull(mode);
            return this;
        }

        /** How to retry retryable failures. */
        public Builder retry(RetryConfig retry) {
            this.retry = Objects.requireNonNull(retry);
            return this;
        }

        /** A reader instance to use for a single run instead of one found by type. */
        public Builder reader(BaseReader reader) {
            this.reader = reader;
            return this;
        }

        /** A writer instance to use for a single run instead of one found by type. */
        public Builder writer(BaseWriter writer) {
            this.writer = writer;
            return this;
        }

        /** The parent allocator for the run's Arrow memory; by default each run has a root allocator of its own. */
        public Builder allocator(BufferAllocator allocator) {
            this.allocator = allocator;
            return this;
        }

        /** The most Arrow memory a run may hold, in bytes. */
        public Builder allocatorLimit(long bytes) {
            this.allocatorLimit = bytes;
            return this;
        }

        /** The pipeline; checks that the required parts are there. */
        public Pipeline build() {
            List<String> missing = new ArrayList<>();
            if (tenantId == null) {
                missing.add("tenant");
            }
            if (asset == null) {
                missing.add("asset");
            }
            if (source == null) {
                missing.add("source");
            }
            if (target == null && writer == null) {
                missing.add("target or writer");
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("Pipeline.builder() needs " + String.join(", ", missing));
            }
            TargetConfig t = target != null ? target
                    : TargetConfig.builder("custom").baseDir(System.getProperty("user.dir")).build();
            JobSpec spec = new JobSpec(name, tenantId, environment, source, t, asset, mode, retry, null);
            Masker masker = Masker.of(java.util.Set.of(), source.credentials(), source.connection(), t.connection(),
                    t.credentials(), source.engineOptions(), t.catalog());
            return new Pipeline(spec, masker, reader, writer, allocator, allocatorLimit, stateStore, listeners);
        }
    }
}
