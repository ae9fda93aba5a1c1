package io.dativo.core.connector.file;

/** Reaches the test hook of {@link FileTargetWriter}, which is package-private, for tests in other packages. */
public final class WriterFaults {

    private WriterFaults() {
    }

    /** A writer whose commit runs {@code hook} once its files are published; a hook that throws fails it there. */
    public static FileTargetWriter afterPublishing(Runnable hook) {
        FileTargetWriter w = new FileTargetWriter();
        w.commitHook = hook;
        return w;
    }
}
