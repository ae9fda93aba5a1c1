package io.dativo.cli;

import io.dativo.core.RunHandle;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Turns SIGTERM and Ctrl-C into a cancel of the running job: a shutdown hook cancels its handle, waits up to
 * {@value #WAIT_SECONDS} s for the command to report the cancelled run, and ends the JVM with the command's exit
 * code (130 unless the run had already committed). Closing it before the command returns removes the hook.
 */
final class SignalStop implements AutoCloseable {

    static final int WAIT_SECONDS = 5;

    private final AtomicReference<RunHandle> current = new AtomicReference<>();
    private final AtomicBoolean signalled = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook = new Thread(this::stop, "dativo-signal");
    private volatile int exitCode = Cli.CANCELLED;

    SignalStop() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The run to cancel on a signal; cancelled at once if a signal came first. */
    void running(RunHandle handle) {
        current.set(handle);
        if (signalled.get()) {
            handle.cancel();
        }
    }

    /** True once a signal asked the JVM to stop. */
    boolean signalled() {
        return signalled.get();
    }

    /** The code the JVM ends with if a signal stops it. */
    void exitCode(int code) {
        exitCode = code;
    }

    private void stop() {
        signalled.set(true);
        RunHandle handle = current.get();
        if (handle != null) {
            handle.cancel();
        }
        try {
            finished.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.flush();
        System.err.flush();
        // the JVM is already shutting down, where System.exit would block: halt is the way to set the code
        Runtime.getRuntime().halt(exitCode);
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // a signal is being handled: the hook ends the JVM with the exit code
        }
    }
}
