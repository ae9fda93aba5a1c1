package io.dativo.core.connector.file;

/** Reaches the test hook of {@link FileTargetWriter}, which is package-private, for tests in other packages. */
public final class WriterFaults {

    private WriterFaults() {
    }

    /** A writer whose commit runs {@code hook} after each file it publishes; a hook that throws fails it there. */
    public static FileTargetWriter onEachCommitMove(Runnable hook) {
        FileTargetWriter w = new FileTargetWriter();
        w.commitHook = hook;
        return w;
    }
}
