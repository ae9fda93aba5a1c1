package io.dativo.core.connector.file;

/** Reaches the test hook of {@link LocalFileWriter}, which is package-private, for tests in other packages. */
public final class WriterFaults {

    private WriterFaults() {
    }

    /** A writer that runs {@code hook} after each file it moves at commit; a hook that throws fails the commit there. */
    public static LocalFileWriter onEachCommitMove(Runnable hook) {
        LocalFileWriter w = new LocalFileWriter();
        w.commitHook = hook;
        return w;
    }
}
