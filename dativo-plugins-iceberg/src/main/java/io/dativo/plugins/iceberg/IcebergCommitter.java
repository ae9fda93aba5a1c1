package io.dativo.plugins.iceberg;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.dativo.api.CommitSummary;
import io.dativo.api.Committer;
import io.dativo.api.RetryableException;
import io.dativo.api.RunCommit;
import io.dativo.api.WriteFragment;
import io.dativo.api.WriteMode;
import io.dativo.api.io.FileIO;
import io.dativo.core.connector.file.StagedRuns;
import io.dativo.core.internal.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.ReplacePartitions;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * Commits a run's data files to an Iceberg table in one snapshot ({@code append}, or for {@code overwrite} an
 * overwrite of the whole table when it is unpartitioned and a replacement of the partitions the run wrote when it
 * is partitioned) whose summary records the run: {@value #RUN_ID}, tenant, job, commit time, and the state of each
 * object under {@value #STATE_PREFIX}{@code {object}}. Data and state so become visible in one atomic step.
 *
 * <p>A run whose id is already in the table's history does not commit again; {@link #lastCommit} reads the newest
 * run of the job from the history, so state lost after a commit is repaired from the table. A commit that loses a
 * race with another writer is retried on the refreshed table. {@link #recover()} deletes the files of dead runs
 * that never committed (staged, and published but not in a snapshot, as a run killed during its commit leaves them).
 */
final class IcebergCommitter implements Committer {

    static final String RUN_ID = "dativo.run-id";
    static final String TENANT = "dativo.tenant";
    static final String JOB = "dativo.job";
    static final String COMMITTED_AT = "dativo.committed-at";
    static final String STATE_PREFIX = "dativo.state.";
    /** How long the commit's lease outlives its last heartbeat, as the file target's split writers hold it. */
    private static final Duration LEASE_TTL = Duration.ofSeconds(120);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IcebergCommitter.class);

    private final Table table;
    private final FileIO io;
    private final String dataBase;
    private final WriteMode mode;
    private final int retries;
    /** Runs after every data file is published and before the snapshot is committed; tests stop there. */
    private final Runnable beforeCommit;

    IcebergCommitter(Table table, FileIO io, String dataBase, WriteMode mode, int retries, Runnable beforeCommit) {
        this.table = table;
        this.io = io;
        this.dataBase = dataBase;
        this.mode = mode;
        this.retries = retries;
        this.beforeCommit = beforeCommit;
    }

    @Override
    public CommitSummary commit(List<WriteFragment> fragments, RunCommit commit) throws IOException {
        String run = commit.runId();
        List<WriteFragment> data = WriteFragment.data(fragments);
        for (WriteFragment f : fragments) {
            if (f.kind() == WriteFragment.Kind.REJECTS && f.pending() != null) {
                io.publish(f.pending());
            }
        }
        table.refresh();
        Optional<Snapshot> done = snapshotOf(run);
        if (done.isPresent()) {
            StagedRuns.end(io, dataBase, run);
            return summary(data, done.get());
        }
        Snapshot snapshot;
        try (StagedRuns.Held held = StagedRuns.hold(io, dataBase, run, LEASE_TTL)) {
            for (WriteFragment f : data) {
                if (f.pending() != null) {
                    io.publish(f.pending());
                }
            }
            List<DataFile> files = new ArrayList<>();
            for (WriteFragment f : data) {
                files.add(DataFileFactory.of(f, table.schema(), table.spec()));
            }
            beforeCommit.run();
            snapshot = commitWithRetries(files, commit);
        }
        StagedRuns.end(io, dataBase, run);
        return summary(data, snapshot);
    }

    private Snapshot commitWithRetries(List<DataFile> files, RunCommit commit) throws IOException {
        RuntimeException last = null;
        for (int attempt = 0; attempt <= retries; attempt++) {
            try {
                SnapshotUpdate<?> update = operation(files);
                update.set(RUN_ID, commit.runId());
                update.set(TENANT, commit.tenantId());
                update.set(JOB, String.valueOf(commit.job()));
                update.set(COMMITTED_AT, commit.committedAt().toString());
                for (Map.Entry<String, Map<String, Object>> s : commit.states().entrySet()) {
                    update.set(STATE_PREFIX + s.getKey(), Json.MAPPER.writeValueAsString(s.getValue()));
                }
                update.commit();
                table.refresh();
                return snapshotOf(commit.runId()).orElseThrow();
            } catch (CommitFailedException | CommitStateUnknownException e) {
                last = e;
                table.refresh();
                Optional<Snapshot> landed = snapshotOf(commit.runId());
                if (landed.isPresent()) {
                    return landed.get();
                }
                if (e instanceof CommitStateUnknownException) {
                    break;
                }
                LOG.warn("commit of run {} to {} lost a race ({}); retrying on the refreshed table", commit.runId(),
                        table.name(), e.getMessage());
                sleep(attempt);
            }
        }
        if (last instanceof CommitFailedException) {
            StagedRuns.discard(io, dataBase, commit.runId(), true);
        }
        throw new RetryableException("the commit to Iceberg table " + table.name() + " failed: " + last.getMessage(),
                last);
    }

    private SnapshotUpdate<?> operation(List<DataFile> files) {
        if (mode == WriteMode.OVERWRITE && table.spec().isPartitioned()) {
            ReplacePartitions replace = table.newReplacePartitions();
            files.forEach(replace::addFile);
            return replace;
        }
        if (mode == WriteMode.OVERWRITE) {
            OverwriteFiles overwrite = table.newOverwrite().overwriteByRowFilter(Expressions.alwaysTrue());
            files.forEach(overwrite::addFile);
            return overwrite;
        }
        AppendFiles append = table.newAppend();
        files.forEach(append::appendFile);
        return append;
    }

    private static void sleep(int attempt) {
        try {
            Thread.sleep(Math.min(2000, 50L << Math.min(attempt, 5)) + (long) (Math.random() * 50));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The snapshot of the current history that {@code run} committed, if any. */
    private Optional<Snapshot> snapshotOf(String run) {
        if (table.currentSnapshot() == null) {
            return Optional.empty();
        }
        for (Snapshot s : SnapshotUtil.currentAncestors(table)) {
            if (run.equals(s.summary().get(RUN_ID))) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    private static CommitSummary summary(List<WriteFragment> data, Snapshot snapshot) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("snapshot_id", snapshot.snapshotId());
        details.put("sequence_number", snapshot.sequenceNumber());
        return new CommitSummary(data.size(), data.stream().mapToLong(WriteFragment::records).sum(), details);
    }

    @Override
    public void abort(List<WriteFragment> fragments) throws IOException {
        String run = null;
        for (WriteFragment f : fragments) {
            if (f.pending() != null) {
                io.abort(f.pending());
            }
            run = f.properties().getOrDefault("run_id", run);
        }
        if (run != null) {
            StagedRuns.discard(io, dataBase, run, false);
            StagedRuns.end(io, dataBase, run);
        }
    }

    @Override
    public Optional<RunCommit> lastCommit(String tenantId, String job) throws IOException {
        table.refresh();
        if (table.currentSnapshot() == null) {
            return Optional.empty();
        }
        for (Snapshot s : SnapshotUtil.currentAncestors(table)) {
            Map<String, String> summary = s.summary();
            if (summary.containsKey(RUN_ID) && tenantId.equals(summary.get(TENANT))
                    && String.valueOf(job).equals(summary.get(JOB))) {
                return Optional.of(runCommit(tenantId, job, summary));
            }
        }
        return Optional.empty();
    }

    private static RunCommit runCommit(String tenantId, String job, Map<String, String> summary)
            throws JsonProcessingException {
        Map<String, Map<String, Object>> states = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : summary.entrySet()) {
            if (e.getKey().startsWith(STATE_PREFIX)) {
                states.put(e.getKey().substring(STATE_PREFIX.length()),
                        Json.MAPPER.readValue(e.getValue(), new TypeReference<Map<String, Object>>() {
                        }));
            }
        }
        String at = summary.get(COMMITTED_AT);
        return new RunCommit(tenantId, job, summary.get(RUN_ID), at == null ? Instant.EPOCH : Instant.parse(at),
                states);
    }

    /**
     * Whether the current table holds a data file {@code run} wrote: a run that died after committing, whose snapshot
     * has since expired, must keep its files.
     */
    private boolean referencesFilesOf(String run) throws IOException {
        if (table.currentSnapshot() == null) {
            return false;
        }
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            for (FileScanTask t : tasks) {
                if (StagedRuns.wroteBy(t.file().location(), run)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public List<String> recover() throws IOException {
        List<String> done = new ArrayList<>();
        List<String> dead = StagedRuns.dead(io, dataBase);
        if (dead.isEmpty()) {
            return done;
        }
        table.refresh();
        for (String run : dead) {
            if (snapshotOf(run).isPresent()) {
                done.add("run " + run + " had committed to " + table.name() + "; its lease is removed");
            } else if (referencesFilesOf(run)) {
                done.add("run " + run + " is not in the history of " + table.name() + " but its files are in the "
                        + "table (its snapshot expired); its lease is removed");
            } else {
                int n = StagedRuns.discard(io, dataBase, run, true);
                done.add("run " + run + " died before committing to " + table.name() + "; " + n
                        + " of its files deleted");
            }
            StagedRuns.end(io, dataBase, run);
        }
        return done;
    }
}
