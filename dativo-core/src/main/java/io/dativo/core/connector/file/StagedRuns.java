package io.dativo.core.connector.file;

import io.dativo.api.io.FileEntry;
import io.dativo.api.io.FileIO;
import io.dativo.api.io.PendingFile;
import io.dativo.core.storage.PathNames;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The runs that staged files under a file target's output base, for committers other than the file target's own
 * that commit the file target's fragments (a table format's): which runs are dead, which files a run wrote, and
 * ending a run's lease once its files are committed or discarded.
 */
public final class StagedRuns {

    private StagedRuns() {
    }

    /** The runs whose lease under {@code outputBase} is dead (expired, or its process gone). */
    public static List<String> dead(FileIO io, String outputBase) throws IOException {
        String staging = io.resolve(outputBase, FileTarget.STAGING_DIR);
        Set<String> leases = new LinkedHashSet<>();
        for (FileEntry e : io.list(staging)) {
            if (e.location().endsWith("/" + RunLease.FILE) || e.location().endsWith("\\" + RunLease.FILE)) {
                leases.add(e.location());
            }
        }
        List<String> dead = new ArrayList<>();
        Instant now = Instant.now();
        for (String lease : leases) {
            Optional<RunLease.Info> info = RunLease.read(io, lease);
            if (info.isPresent() && info.get().dead(now)) {
                dead.add(info.get().runId());
            }
        }
        return dead;
    }

    /** Whether the file at {@code location} was written by a split of {@code runId}, as data or as rejects. */
    public static boolean wroteBy(String location, String runId) {
        String name = location.substring(Math.max(location.lastIndexOf('/'), location.lastIndexOf('\\')) + 1);
        return name.startsWith(FileTarget.prefix(false, runId)) || name.startsWith(FileTarget.prefix(true, runId));
    }

    /**
     * Deletes what {@code runId} wrote under {@code outputBase} and never committed: its staged files and, when
     * {@code published} is true, its visible files too. Returns how many files went.
     */
    public static int discard(FileIO io, String outputBase, String runId, boolean published) throws IOException {
        int n = 0;
        for (PendingFile p : io.listPending(outputBase)) {
            if (wroteBy(p.location(), runId)) {
                io.abort(p);
                n++;
            }
        }
        if (published) {
            for (FileEntry e : io.list(outputBase)) {
                if (wroteBy(e.location(), runId)) {
                    io.delete(e.location());
                    n++;
                }
            }
        }
        return n;
    }

    /** A lease held by this process; closing it lets go of this hold. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Holds {@code runId}'s lease under {@code outputBase} in this process (writing it and refreshing its heartbeat)
     * until the handle is closed, so that no other run's recovery takes the run for dead while it commits.
     */
    public static Held hold(FileIO io, String outputBase, String runId, Duration ttl) throws IOException {
        return RunLease.hold(io, io.resolve(folder(io, outputBase, runId), RunLease.FILE), runId, ttl);
    }

    private static String folder(FileIO io, String outputBase, String runId) {
        return io.resolve(io.resolve(outputBase, FileTarget.STAGING_DIR), PathNames.escape(runId));
    }

    /** Ends {@code runId}'s lease under {@code outputBase} and deletes its folder in the staging area. */
    public static void end(FileIO io, String outputBase, String runId) throws IOException {
        String folder = folder(io, outputBase, runId);
        RunLease.end(io, io.resolve(folder, RunLease.FILE));
        for (FileEntry e : io.list(folder)) {
            io.delete(e.location());
        }
    }
}
