package io.dativo.core.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Initializes classes a run is about to need on a background thread, so that their static initialization overlaps
 * with the run's own start instead of delaying its first batch or its last file. Arrow's {@code Schema} and
 * parquet-java's {@code ParquetMetadata}, for example, each build a Jackson mapper when first touched, which takes
 * a fresh JVM a few hundred milliseconds. Groups run one after another in the order asked for, on one daemon
 * thread that ends when idle; each group runs once per class loader. A class that fails to initialize here fails
 * again, with its own error, where the run uses it.
 */
public final class Preloader {

    private static final Set<String> STARTED = ConcurrentHashMap.newKeySet();
    private static final ExecutorService THREAD = new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "dativo-preload");
                t.setDaemon(true);
                return t;
            });

    private Preloader() {
    }

    /** Queues {@code classes} for initialization, unless group {@code name} was queued before. */
    public static void initialize(String name, Class<?>... classes) {
        if (!STARTED.add(name)) {
            return;
        }
        THREAD.execute(() -> {
            for (Class<?> c : classes) {
                try {
                    Class.forName(c.getName(), true, c.getClassLoader());
                } catch (ClassNotFoundException | LinkageError ignored) {
                    // the run reports it where it uses the class
                }
            }
        });
    }
}
