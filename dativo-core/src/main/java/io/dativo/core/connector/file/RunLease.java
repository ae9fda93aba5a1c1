package io.dativo.core.connector.file;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dativo.api.Lease;
import io.dativo.api.io.FileIO;
import io.dativo.api.io.InputFile;
import io.dativo.core.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A run's lease in a file target's staging folder ({@code .dativo-staging/<run id>/lease.json}): which host and
 * process stage files for the run, since when, and a heartbeat the process refreshes while it holds the lease, so
 * that {@link ManifestCommitter#recover()} can tell a dead run's leftovers from a live run's work.
 *
 * <p>A run is dead when its lease is gone, when its heartbeat is older than its TTL, or when it was taken on this
 * host by a process that no longer exists. Within one process a lease is shared by its holders: the first writes it
 * and starts the heartbeat, which writes through the storage of a holder that still holds it (a holder's storage may
 * be closed once it lets go), and the last release stops the heartbeat (the file stays until the run commits or
 * aborts, and expires after its TTL if neither happens). A lease taken again while its last write is fresher than a
 * heartbeat's period is not written again: the split writers of a run let go of it before the commit takes it.
 */
final class RunLease {

    /** The lease file's name inside the run's folder. */
    static final String FILE = "lease.json";
    static final String HOST = Lease.thisHost();
    private static final long PID = ProcessHandle.current().pid();
    private static final Map<String, RunLease> HELD = new ConcurrentHashMap<>();
    private static final ScheduledExecutorService HEARTBEAT = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dativo-lease-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunLease.class);

    /**
     * What a lease file holds.
     *
     * @param runId       the run
     * @param host        the host name of the process
     * @param pid         the process id
     * @param startedAt   when the lease was taken
     * @param heartbeatAt when it was last refreshed
     * @param ttlSeconds  how long after the last heartbeat the lease expires
     */
    record Info(String runId, String host, long pid, Instant startedAt, Instant heartbeatAt, long ttlSeconds) {

        /** Whether the run that took this lease is gone, judged at {@code now}. */
        boolean dead(Instant now) {
            if (now.isAfter(heartbeatAt.plusSeconds(ttlSeconds))) {
                return true;
            }
            if (HOST.equals(host) && pid != PID) {
                return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
            }
            return false;
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("run_id", runId);
            m.put("host", host);
            m.put("pid", pid);
            m.put("started_at", startedAt.toString());
            m.put("heartbeat_at", heartbeatAt.toString());
            m.put("ttl_seconds", ttlSeconds);
            return m;
        }

        static Info fromMap(Map<String, Object> m) {
            return new Info(String.valueOf(m.get("run_id")), String.valueOf(m.get("host")),
                    ((Number) m.get("pid")).longValue(), Instant.parse(String.valueOf(m.get("started_at"))),
                    Instant.parse(String.valueOf(m.get("heartbeat_at"))), ((Number) m.get("ttl_seconds")).longValue());
        }
    }

    private final String location;
    private final Info taken;
    private final List<FileIO> holders = new ArrayList<>();
    private ScheduledFuture<?> beat;
    private long writtenAt = Long.MIN_VALUE;

    private RunLease(String location, Info taken) {
        this.location = location;
        this.taken = taken;
    }

    /**
     * Holds the lease at {@code location} for {@code runId} in this process until the returned handle is closed:
     * writes it (as this process's, taking it over from another process of the same run) and starts its heartbeat if
     * no one here holds it yet. The heartbeat may write through {@code io} until the handle is closed.
     */
    static StagedRuns.Held hold(FileIO io, String location, String runId, Duration ttl) throws IOException {
        RunLease lease;
        synchronized (HELD) {
            lease = HELD.computeIfAbsent(location, l -> new RunLease(l,
                    new Info(runId, HOST, PID, Instant.now(), Instant.now(), Math.max(1, ttl.toSeconds()))));
        }
        lease.take(io);
        return () -> lease.release(io);
    }

    private synchronized void take(FileIO io) throws IOException {
        holders.add(io);
        if (holders.size() > 1) {
            return;
        }
        long period = Math.max(1, taken.ttlSeconds() * 1000 / 3);
        long age = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - writtenAt);
        if (writtenAt == Long.MIN_VALUE || age >= period) {
            try {
                write();
            } catch (IOException | RuntimeException e) {
                holders.remove(holders.size() - 1);
                throw e;
            }
            age = 0;
        }
        beat = HEARTBEAT.scheduleAtFixedRate(this::refresh, period - age, period, TimeUnit.MILLISECONDS);
    }

    /** Lets go of the hold through {@code io}; the last one stops the heartbeat. */
    private synchronized void release(FileIO io) {
        for (int i = holders.size() - 1; i >= 0; i--) {
            if (holders.get(i) == io) {
                holders.remove(i);
                break;
            }
        }
        if (holders.isEmpty()) {
            stop();
        }
    }

    /**
     * Ends the lease at {@code location} for good, whoever holds it in this process: stops its heartbeat so that it
     * cannot write the file again, then deletes the file.
     */
    static void end(FileIO io, String location) throws IOException {
        forget(location);
        io.delete(location);
    }

    /**
     * Stops the heartbeat of the lease at {@code location}, whoever holds it in this process, so that nothing here
     * writes the file again; the caller deletes it.
     */
    static void forget(String location) {
        RunLease lease;
        synchronized (HELD) {
            lease = HELD.remove(location);
        }
        if (lease != null) {
            lease.stop();
        }
    }

    private synchronized void stop() {
        if (beat != null) {
            beat.cancel(false);
            beat = null;
        }
    }

    private synchronized void refresh() {
        if (beat == null) {
            return;
        }
        try {
            write();
        } catch (IOException | RuntimeException e) {
            LOG.warn("the lease {} could not be refreshed: {}", location, e.getMessage());
        }
    }

    private void write() throws IOException {
        Info now = new Info(taken.runId(), taken.host(), taken.pid(), taken.startedAt(), Instant.now(),
                taken.ttlSeconds());
        writeJson(holders.get(holders.size() - 1), location, now.toMap());
        writtenAt = System.nanoTime();
    }

    /** The lease at {@code location}, if there is one. */
    static Optional<Info> read(FileIO io, String location) throws IOException {
        return readJson(io, location).map(Info::fromMap);
    }

    /**
     * Writes {@code value} as JSON at {@code location} in one step ({@link FileIO#writeWhole}), so readers see all or
     * nothing and nothing is left staged if it fails: on an object store an upload left behind would be billed and
     * invisible, and no recovery looks for it outside a run's folder.
     */
    static void writeJson(FileIO io, String location, Object value) throws IOException {
        io.writeWhole(location, Json.PRETTY.writeValueAsBytes(value));
    }

    /** The JSON object at {@code location}, if the file exists. */
    static Optional<Map<String, Object>> readJson(FileIO io, String location) throws IOException {
        InputFile in = io.newInputFile(location);
        if (!in.exists()) {
            return Optional.empty();
        }
        try (InputStream s = in.newStream()) {
            return Optional.of(Json.MAPPER.readValue(s, new TypeReference<>() {
            }));
        } catch (IOException e) {
            if (!in.exists()) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
