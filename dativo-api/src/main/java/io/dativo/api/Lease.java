package io.dativo.api;

import java.io.IOException;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Which run holds a job of a tenant, kept in the state store so that two runs of one job never interleave. The
 * holder renews {@code heartbeatAt} while it runs. A lease is dead, and another run may take it over, when its
 * heartbeat is older than its {@code ttl}, or when it was taken on this host by a process that no longer exists.
 * Host names are compared as text, so hosts sharing one store must have distinct names; a process id reused by the
 * operating system keeps a dead lease alive until its time to live runs out.
 *
 * @param tenantId    the tenant
 * @param job         the job's name
 * @param runId       the run holding the job
 * @param host        the name of the host the holder runs on
 * @param pid         the holder's process id on that host
 * @param startedAt   when the holder took the lease
 * @param heartbeatAt when the holder last renewed it
 * @param ttl         how long the lease lives without a heartbeat
 * @since 0.2
 */
public record Lease(String tenantId, String job, String runId, String host, long pid, Instant startedAt,
                    Instant heartbeatAt, Duration ttl) implements Serializable {

    /** Checks that every part is present and the time to live is positive. */
    public Lease {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(heartbeatAt, "heartbeatAt");
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a lease needs a positive time to live, not " + ttl);
        }
    }

    /** A lease of {@code job} for {@code runId} in this process on this host, taken and renewed now. */
    public static Lease forThisProcess(String tenantId, String job, String runId, Duration ttl) {
        Instant now = Instant.now();
        return new Lease(tenantId, job, runId, thisHost(), ProcessHandle.current().pid(), now, now, ttl);
    }

    /**
     * The name of this host as leases record it: the local host name (on Linux read from the kernel, elsewhere from
     * {@code InetAddress.getLocalHost()}), else the {@code HOSTNAME} or {@code COMPUTERNAME} environment variable,
     * else {@code unknown}.
     */
    public static String thisHost() {
        return HostName.VALUE;
    }

    /** When the lease runs out unless it is renewed. */
    public Instant expiresAt() {
        return heartbeatAt.plus(ttl);
    }

    /** This lease renewed at {@code at}. */
    public Lease renewedAt(Instant at) {
        return new Lease(tenantId, job, runId, host, pid, startedAt, at, ttl);
    }

    /** Whether {@code other} is this same holder: the same job, run, host, process and start, whatever the heartbeat. */
    public boolean sameHolder(Lease other) {
        return other != null && tenantId.equals(other.tenantId) && job.equals(other.job) && runId.equals(other.runId)
                && host.equals(other.host) && pid == other.pid && startedAt.equals(other.startedAt);
    }

    /**
     * Whether the holder is gone at {@code now}: the heartbeat is older than the time to live, or the lease was taken
     * on this host by a process that is no longer alive.
     */
    public boolean isDead(Instant now) {
        if (!expiresAt().isAfter(now)) {
            return true;
        }
        return host.equals(thisHost()) && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The holder in words, for messages: run, host, process, start, last heartbeat and expiry. */
    public String describe() {
        return "run " + runId + " (host " + host + ", pid " + pid + ") since " + startedAt + ", last heartbeat "
                + heartbeatAt + ", expires " + expiresAt() + " unless renewed";
    }

    /** Looked up once: the host name does not change while a process runs, and the lookup may be slow. */
    private static final class HostName {
        static final String VALUE = lookUp();

        private static String lookUp() {
            // Linux shows the kernel's host name here: the one InetAddress.getLocalHost().getHostName() returns,
            // without the name service lookup of its address that getLocalHost() makes first, 10 ms on a fresh JVM
            // and seconds where the host's own name does not resolve.
            try {
                String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
                if (!name.isEmpty() && !name.equals("localhost")) {
                    return name;
                }
            } catch (IOException | SecurityException e) {
                // not Linux: ask the name service
            }
            try {
                String name = InetAddress.getLocalHost().getHostName();
                if (name != null && !name.isBlank()) {
                    return name;
                }
            } catch (UnknownHostException | SecurityException e) {
                // fall back to what the environment says
            }
            for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
                String name = System.getenv(variable);
                if (name != null && !name.isBlank()) {
                    return name;
                }
            }
            return "unknown";
        }
    }
}
