package io.dativo.core.run;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Processor time of an attempt by stage, in nanoseconds, each summed over the splits and measured on the stage's own
 * thread, and the whole process's over the attempt. Zero where the JVM cannot measure it.
 *
 * @param reading    the readers' threads
 * @param validating the validation calls (coercion and checks) on the validation threads
 * @param writing    the splits' own threads, which open the reader and the writer and write: encoding,
 *                   compressing and staging the output, and the writers' {@code finish}
 * @param process    the whole process over the attempt
 */
public record CpuTimes(long reading, long validating, long writing, long process) {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean THREAD_TIME = THREADS.isCurrentThreadCpuTimeSupported();
    /** Looked up once, with the class: the first lookup in a process costs milliseconds. */
    private static final OperatingSystemMXBean PROCESS =
            ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean hotspot ? hotspot : null;

    /** Processor time of the calling thread so far, in nanoseconds; 0 where the JVM cannot measure it. */
    static long threadNow() {
        return THREAD_TIME ? THREADS.getCurrentThreadCpuTime() : 0;
    }

    /** Processor time of this process so far, in nanoseconds; 0 where the JVM cannot measure it. */
    static long processNow() {
        return PROCESS == null ? 0 : Math.max(0, PROCESS.getProcessCpuTime());
    }
}
