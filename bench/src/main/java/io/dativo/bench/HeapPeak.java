package io.dativo.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The most heap in use while a case runs, garbage included, sampled every 10 ms. Unlike the sum of the heap pools'
 * own peaks, which the pools reach at different times and which can add up to more than {@code -Xmx}, it is a
 * heap size this JVM really had.
 */
final class HeapPeak implements AutoCloseable {

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Thread sampler;
    private volatile boolean stopped;
    private volatile long peak;

    HeapPeak() {
        sampler = new Thread(this::sample, "heap-peak");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        while (!stopped) {
            peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The peak in MB; stops the sampling. */
    double megabytes() {
        close();
        return Math.max(peak, memory.getHeapMemoryUsage().getUsed()) / 1048576.0;
    }

    @Override
    public void close() {
        stopped = true;
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
