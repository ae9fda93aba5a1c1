package io.dativo.testkit;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a plugin's calls on a daemon thread with a time limit, so that a reader or writer that hangs fails its rule
 * instead of hanging the build.
 */
final class Timed implements AutoCloseable {

    /** The outcome of a call: its value, or what it threw, or that it ran out of time. */
    record Outcome<T>(T value, Throwable error, boolean timedOut) {
        boolean ok() {
            return error == null && !timedOut;
        }
    }

    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dativo-testkit-plugin-call");
        t.setDaemon(true);
        return t;
    });

    /** Starts {@code call}. */
    <T> Future<T> start(Callable<T> call) {
        return pool.submit(call);
    }

    /** Runs {@code call}, waiting at most {@code limit}; on timeout the call is interrupted. */
    <T> Outcome<T> run(Duration limit, Callable<T> call) {
        return await(start(call), limit);
    }

    /** Waits at most {@code limit} for {@code future}; on timeout it is interrupted. */
    static <T> Outcome<T> await(Future<T> future, Duration limit) {
        try {
            return new Outcome<>(future.get(limit.toMillis(), TimeUnit.MILLISECONDS), null, false);
        } catch (ExecutionException e) {
            return new Outcome<>(null, e.getCause(), false);
        } catch (TimeoutException e) {
            future.cancel(true);
            return new Outcome<>(null, null, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome<>(null, e, false);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
