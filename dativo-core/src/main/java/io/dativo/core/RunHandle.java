package io.dativo.core;

import io.dativo.core.run.Cancellation;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A run started by {@link Pipeline#start()}. {@link #cancel()} stops it: within seconds it ends as
 * {@link RunStatus#CANCELLED}, with nothing committed and its staged output removed, unless its commit had already
 * begun, in which case it completes as committed.
 */
public final class RunHandle {

    private final String job;
    private final Cancellation cancellation;
    private final CompletableFuture<RunResult> result;

    RunHandle(String job, Cancellation cancellation, CompletableFuture<RunResult> result) {
        this.job = job;
        this.cancellation = cancellation;
        this.result = result;
    }

    /** Asks the run to stop; returns at once. Does nothing once the run has ended. */
    public void cancel() {
        cancellation.cancel(Cancellation.Reason.CANCELLED);
    }

    /** True once the run has ended and {@link #result()} returns without waiting. */
    public boolean isDone() {
        return result.isDone();
    }

    /** Waits for the run to end and returns what it did. */
    public RunResult result() throws InterruptedException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("run of job " + job + " ended without a result", e.getCause());
        }
    }

    /** Waits at most {@code timeout} for the run to end; empty if it is still running. */
    public Optional<RunResult> await(Duration timeout) throws InterruptedException {
        try {
            return Optional.of(result.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("run of job " + job + " ended without a result", e.getCause());
        }
    }

    /**
     * Waits for the run to end; an interrupt of the waiting thread cancels the run, which is then still waited for,
     * and the interrupt flag is kept.
     */
    public RunResult resultCancellingOnInterrupt() {
        try {
            return result();
        } catch (InterruptedException e) {
            cancel();
            RunResult stopped = result.join();
            Thread.currentThread().interrupt();
            return stopped;
        }
    }
}
