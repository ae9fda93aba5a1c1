package io.dativo.core.run;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.MDC;

/**
 * One stage of a split (reading, validating) on a thread of the run's executor: named while it runs, with the
 * run's logging context, interruptible, and joined with a deadline. {@link #done()} completes when the body
 * returns, however late, so what it holds can be released then.
 */
final class Stage {

    private final AtomicReference<Thread> thread = new AtomicReference<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    private Stage() {
    }

    /** Starts {@code body} on {@code executor} under {@code name}. */
    static Stage start(Executor executor, String name, Runnable body) {
        Stage stage = new Stage();
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        executor.execute(() -> {
            Thread self = Thread.currentThread();
            String previous = self.getName();
            self.setName(name);
            stage.thread.set(self);
            if (mdc != null) {
                MDC.setContextMap(mdc);
            }
            try {
                body.run();
            } finally {
                synchronized (stage) {
                    stage.thread.set(null);
                }
                MDC.clear();
                // a late interrupt of this stage must not reach the executor's next task
                Thread.interrupted();
                self.setName(previous);
                stage.done.complete(null);
            }
        });
        return stage;
    }

    /** Interrupts the stage's thread if it is running the body. */
    synchronized void interrupt() {
        Thread t = thread.get();
        if (t != null) {
            t.interrupt();
        }
    }

    /**
     * Waits up to {@code deadline} for the body to return; true if it did. An interrupt of the waiting thread does
     * not cut the wait short, since what the stage holds must not be released under it; the flag is kept.
     */
    boolean join(Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    done.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                    return true;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (TimeoutException e) {
                    return false;
                } catch (ExecutionException e) {
                    return true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Completes when the body has returned. */
    CompletableFuture<Void> done() {
        return done;
    }
}
