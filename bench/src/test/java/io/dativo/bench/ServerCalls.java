package io.dativo.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.TreeMap;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * Counts the calls the S3 server makes to its blob store, by method: one per request that reads or changes the
 * store (an upload part, a completion, a listing), so a benchmark can say how many requests a run costs, and the
 * CPU time the store spent in them (the rest of the server's time is HTTP, authentication and the JVM's own).
 */
final class ServerCalls {

    private final Map<String, Long> counts = new TreeMap<>();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long storeNanos;

    /** {@code store} with every call counted. */
    BlobStore counting(BlobStore store) {
        InvocationHandler handler = (proxy, method, args) -> {
            String name = method.getName();
            if (name.startsWith("supports") || name.startsWith("getMinimum")) {
                // What the server asks about the store's features, not requests.
                return invoke(store, method, args);
            }
            synchronized (counts) {
                counts.merge(name, 1L, Long::sum);
            }
            long start = threads.getCurrentThreadCpuTime();
            try {
                return invoke(store, method, args);
            } finally {
                long spent = threads.getCurrentThreadCpuTime() - start;
                synchronized (counts) {
                    storeNanos += spent;
                }
            }
        };
        return (BlobStore) Proxy.newProxyInstance(BlobStore.class.getClassLoader(), new Class<?>[]{BlobStore.class},
                handler);
    }

    private static Object invoke(BlobStore store, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(store, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The counts since the last reset, with the store's CPU milliseconds as {@code storeCpuMs}; starts again. */
    Map<String, Long> reset() {
        synchronized (counts) {
            Map<String, Long> out = new TreeMap<>(counts);
            out.put("storeCpuMs", storeNanos / 1_000_000);
            counts.clear();
            storeNanos = 0;
            return out;
        }
    }
}
