package io.dativo.core.run;

import io.dativo.api.DativoException;
import io.dativo.api.ErrorKind;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Why and whether a run, or one attempt of it, is being stopped. Cancelling runs the registered hooks once (closing
 * hand-offs, interrupting stage threads), so that every blocked stage wakes up at once. An attempt's token is a
 * {@linkplain #child() child} of the run's: cancelling the run cancels the attempt, a failing split cancels only
 * the attempt.
 */
public final class Cancellation {

    private static final Logger LOG = LoggerFactory.getLogger(Cancellation.class);

    /** Why a run stops early. */
    public enum Reason {
        /** The host cancelled it (handle, interrupt, signal). */
        CANCELLED,
        /** Its time limit ran out. */
        TIMED_OUT,
        /** One of its splits failed, so the others stop. */
        FAILED
    }

    private final AtomicReference<Reason> reason = new AtomicReference<>();
    private final List<Runnable> hooks = new CopyOnWriteArrayList<>();
    private final Object signal = new Object();

    /** Stops the run for {@code why}; false if it was already stopping. */
    public boolean cancel(Reason why) {
        if (!reason.compareAndSet(null, why)) {
            return false;
        }
        synchronized (signal) {
            signal.notifyAll();
        }
        for (Runnable hook : hooks) {
            runQuietly(hook);
        }
        return true;
    }

    /** True once the run is stopping. */
    public boolean isCancelled() {
        return reason.get() != null;
    }

    /** Why the run is stopping, if it is. */
    public Optional<Reason> reason() {
        return Optional.ofNullable(reason.get());
    }

    /**
     * Runs {@code hook} when the run stops (at once if it already has). Returns what removes the hook again.
     */
    public AutoCloseable onCancel(Runnable hook) {
        hooks.add(hook);
        if (isCancelled()) {
            runQuietly(hook);
        }
        return () -> hooks.remove(hook);
    }

    /** A token that stops with this one and can also stop on its own. */
    public Cancellation child() {
        Cancellation child = new Cancellation();
        AutoCloseable link = onCancel(() -> child.cancel(reason.get()));
        child.hooks.add(() -> closeQuietly(link));
        return child;
    }

    /** Throws the exception for the reason the run is stopping, if it is. */
    public void throwIfCancelled(String runId) {
        Reason why = reason.get();
        if (why != null) {
            throw exception(why, runId);
        }
    }

    /** The exception that reports a stop for {@code why}; of kind {@link ErrorKind#CANCELLED}. */
    public static DativoException exception(Reason why, String runId) {
        String message = switch (why) {
            case CANCELLED -> "run " + runId + " was cancelled";
            case TIMED_OUT -> "run " + runId + " ran out of time";
            case FAILED -> "run " + runId + " is stopping because another split failed";
        };
        return new DativoException(ErrorKind.CANCELLED, message, null);
    }

    /** Waits {@code time}, or less if the run stops first; true if it stopped. */
    public boolean await(Duration time) {
        long deadline = System.nanoTime() + time.toNanos();
        synchronized (signal) {
            while (!isCancelled()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(signal, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return isCancelled();
                }
            }
        }
        return true;
    }

    private static void runQuietly(Runnable hook) {
        try {
            hook.run();
        } catch (RuntimeException e) {
            LOG.warn("stopping a run: {}", e.toString());
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // removing a hook from a list does not fail
        }
    }
}
