package io.dativo.core.run;

import io.dativo.api.DativoException;
import io.dativo.api.ErrorKind;
import io.dativo.core.config.JobIdentity;
import io.dativo.core.config.JobLoader;
import io.dativo.core.config.JobSpec;
import io.dativo.core.internal.ArrowSupport;
import io.dativo.core.plugin.Plugins;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one task of a distributed run on a worker: loads the job from where the task says, refuses it if it is not
 * the job the driver planned, then reads, validates and stages the task's split exactly as a local run does
 * ({@link SplitExecution}), with the committed state the driver sent. Nothing is committed here: the staged
 * fragments travel back in the {@link SplitOutcome}; a failed attempt has already discarded what it staged.
 */
public final class SplitWorker {

    private static final Logger LOG = LoggerFactory.getLogger(SplitWorker.class);
    /** How long a stopping split waits for its stages before it abandons them, as in a local run. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private SplitWorker() {
    }

    /**
     * Runs {@code task} as attempt {@code attempt} of its split.
     *
     * @param attempt the engine's attempt of this task, from 1; it goes into the names of the staged files, so no
     *                two attempts of a split collide
     * @return what the split staged and counted
     * @throws Exception why the split failed; what it staged is discarded
     */
    public static SplitOutcome run(SplitTask task, int attempt) throws Exception {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts are numbered from 1");
        }
        ArrowSupport.check();
        JobLoader.Loaded loaded = load(task);
        JobSpec spec = loaded.spec();
        ExecutorService pool = Executors.newCachedThreadPool(SplitWorker::daemon);
        List<CompletableFuture<Void>> lingering = new CopyOnWriteArrayList<>();
        BufferAllocator root = new RootAllocator();
        boolean done = false;
        try (MdcScope ignored = MdcScope.open(spec.tenantId(), spec.name(), spec.asset().name(), task.runId())) {
            RunSetup setup = new RunSetup(spec, () -> Plugins.reader(spec.source()),
                    () -> Plugins.writer(spec.target()), false, false, null, Long.MAX_VALUE, null, pool,
                    task.parallelism(), STOP_GRACE, null, null, loaded.masker());
            StateTracker state = StateTracker.frozen(task.keepsState(), spec.tenantId(), spec.name(),
                    task.committedState());
            AttemptScope scope = new AttemptScope(setup, task.runId(), attempt, task.runStartedAt(),
                    new Cancellation(), state, root, null, new Semaphore(1), task.outputBase(),
                    new Progress(setup.events(), task.runStartedAt()), new CopyOnWriteArrayList<>(), lingering);
            LOG.debug("run {}: split {}, attempt {}", task.runId(), task.split().id(), attempt);
            SplitOutcome outcome = new SplitExecution(scope, task.split()).call();
            done = true;
            return outcome;
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new DativoException(ErrorKind.INTERNAL, "split " + task.split().id() + " failed", t);
        } finally {
            pool.shutdown();
            if (lingering.isEmpty()) {
                closeRoot(root, done);
            } else {
                CompletableFuture.allOf(lingering.toArray(CompletableFuture[]::new))
                        .whenComplete((v, e) -> closeRoot(root, false));
            }
        }
    }

    /**
     * Loads the job of {@code task} from where it says.
     *
     * @throws DativoException of kind {@link ErrorKind#CONFIG} if it is not the job the driver planned the run for
     */
    static JobLoader.Loaded load(SplitTask task) {
        JobLoader.Loaded loaded = task.job().load();
        if (!JobIdentity.fingerprint(loaded.spec()).equals(task.jobFingerprint())) {
            throw new DativoException(ErrorKind.CONFIG, "the job loaded from " + task.job().jobFile()
                    + " is not the one run " + task.runId() + " was planned for (its source or target differs); the "
                    + "driver and every worker must see the same job files", null);
        }
        return loaded;
    }

    /** Closes the task's allocator; a leak fails a task that succeeded, and is logged for one that failed. */
    private static void closeRoot(BufferAllocator root, boolean failOnLeak) {
        try {
            root.close();
        } catch (RuntimeException e) {
            if (failOnLeak) {
                throw e;
            }
            LOG.warn("Arrow memory of a split was not released: {}", e.getMessage());
        }
    }

    /** A daemon thread, so that a stage abandoned by a stopped split never keeps the worker alive. */
    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "dativo-stage");
        t.setDaemon(true);
        return t;
    }
}
