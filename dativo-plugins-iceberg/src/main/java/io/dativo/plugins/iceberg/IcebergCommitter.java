package io.dativo.plugins.iceberg;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.dativo.api.AssetDefinition;
import io.dativo.api.CommitSummary;
import io.dativo.api.Committer;
import io.dativo.api.RetryableException;
import io.dativo.api.RunCommit;
import io.dativo.api.WriteFragment;
import io.dativo.api.WriteMode;
import io.dativo.api.io.FileIO;
import io.dativo.api.io.PendingFile;
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
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * Commits a run's data files to an Iceberg table in one snapshot ({@code append}; for {@code overwrite} an
 * overwrite of the whole table when it is unpartitioned and a replacement of the partitions the run wrote when it
 * is partitioned; for {@code merge} a row delta that adds the data files and the equality-delete files of the
 * run's keys, after checking that no key occurs twice in the run) whose summary records the run: {@value #RUN_ID}, tenant, job, commit time, and the state of each
 * object under {@value #STATE_PREFIX}{@code {object}}. Data and state so become visible in one atomic step.
 *
 * <p>A run whose id is already in the table's history does not commit again; {@link #lastCommit} reads the newest
 * run of the job from the history, so state lost after a commit is repaired from the table. A commit that loses a
 * race with another writer is retried on the refreshed table. A table the run planned is created by its first
 * commit, in the same transaction as that snapshot; when another run created it meanwhile, the commit goes to that
 * table if it is laid out as this run wrote. {@link #recover()} deletes the files of dead runs
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

    /**
     * Where and how a run commits.
     *
     * @param catalog  the open catalog
     * @param id       the table
     * @param prepared the table, loaded or planned for creation
     * @param io       the storage of the table's data location
     * @param layout   what the run's split writers wrote for
     * @param keys     the key columns of a merge, else {@code null}
     * @param mode     append, overwrite or merge
     * @param retries  how often a commit that lost a race is retried
     */
    record Target(Catalog catalog, TableIdentifier id, Tables.Prepared prepared, FileIO io, TableLayout layout,
                  AssetDefinition keys, WriteMode mode, int retries) {
    }

    private final Target target;
    private final FileIO io;
    private final String dataBase;
    /** The table; {@code null} until a table the run planned is created by its commit. */
    private Table table;
    /** The creation of the table, completed by the first commit; {@code null} for an existing table. */
    private Transaction create;
    /** Runs after every data file is published and before the snapshot is committed; tests stop there. */
    private final Runnable beforeCommit;

    IcebergCommitter(Target target, Runnable beforeCommit) {
        this.target = target;
        this.io = target.io();
        this.dataBase = target.layout().dataBase();
        this.create = target.prepared().create();
        this.table = create == null ? target.prepared().table() : null;
        this.beforeCommit = beforeCommit;
    }

    /**
     * The table as it is now: refreshed, or loaded when another run created it since this run planned it (then it
     * must be laid out as this run wrote its files); {@code null} while it does not exist.
     */
    private Table existing() {
        if (table != null) {
            table.refresh();
            return table;
        }
        if (!target.catalog().tableExists(target.id())) {
            return null;
        }
        Table loaded = target.catalog().loadTable(target.id());
        Schema wrote = target.layout().schema();
        for (Types.NestedField column : wrote.columns()) {
            Types.NestedField now = loaded.schema().findField(column.name());
            if (now == null || now.fieldId() != column.fieldId() || !now.type().equals(column.type())) {
                throw new RetryableException("table " + target.id() + " was created by another run while this run "
                        + "wrote, and its column '" + column.name() + "' differs from what this run wrote; run again",
                        null);
            }
        }
        if (!loaded.spec().compatibleWith(target.layout().spec())) {
            throw new RetryableException("table " + target.id() + " was created by another run while this run "
                    + "wrote, partitioned by " + loaded.spec().fields() + "; run again", null);
        }
        LOG.info("table {} was created by another run while this run wrote; committing to it", target.id());
        table = loaded;
        create = null;
        return table;
    }

    @Override
    public CommitSummary commit(List<WriteFragment> fragments, RunCommit commit) throws IOException {
        String run = commit.runId();
        List<WriteFragment> data = new ArrayList<>();
        List<WriteFragment> deletes = new ArrayList<>();
        for (WriteFragment f : WriteFragment.data(fragments)) {
            (MergeSplitWriter.deletes(f) ? deletes : data).add(f);
        }
        for (WriteFragment f : fragments) {
            if (f.kind() == WriteFragment.Kind.REJECTS && f.pending() != null) {
                io.publish(f.pending());
            }
        }
        existing();
        Optional<Snapshot> done = snapshotOf(run);
        if (done.isPresent()) {
            StagedRuns.end(io, dataBase, run);
            return summary(data, deletes, done.get());
        }
        Snapshot snapshot;
        try (StagedRuns.Held held = StagedRuns.hold(io, dataBase, run, LEASE_TTL)) {
            List<PendingFile> staged = new ArrayList<>();
            for (WriteFragment f : WriteFragment.data(fragments)) {
                if (f.pending() != null) {
                    staged.add(f.pending());
                }
            }
            io.publishAll(staged);
            if (target.keys() != null) {
                try {
                    MergeKeys.checkUnique(io, deletes, target.keys(), target.id().toString());
                } catch (RuntimeException e) {
                    StagedRuns.discard(io, dataBase, run, true);
                    throw e;
                }
            }
            beforeCommit.run();
            snapshot = create != null ? commitCreating(data, deletes, commit)
                    : commitWithRetries(data, deletes, commit);
        }
        StagedRuns.end(io, dataBase, run);
        return summary(data, deletes, snapshot);
    }

    /** The run's first commit to a table it planned: the table and the snapshot in one step. */
    private Snapshot commitCreating(List<WriteFragment> data, List<WriteFragment> deletes, RunCommit commit)
            throws IOException {
        Tables.createNamespace(target.catalog(), target.id().namespace());
        try {
            SnapshotUpdate<?> update = operation(create.table(), data, deletes);
            describe(update, commit);
            update.commit();
            create.commitTransaction();
        } catch (AlreadyExistsException | CommitFailedException e) {
            if (existing() == null) {
                throw new RetryableException("the creation of Iceberg table " + target.id() + " failed: "
                        + e.getMessage(), e);
            }
            return commitWithRetries(data, deletes, commit);
        } catch (CommitStateUnknownException e) {
            if (existing() != null) {
                Optional<Snapshot> landed = snapshotOf(commit.runId());
                if (landed.isPresent()) {
                    return landed.get();
                }
            }
            throw new RetryableException("the creation of Iceberg table " + target.id() + " is in doubt: "
                    + e.getMessage(), e);
        }
        table = target.catalog().loadTable(target.id());
        create = null;
        LOG.info("created Iceberg table {} at {} with the first commit of run {}", target.id(), table.location(),
                commit.runId());
        return snapshotOf(commit.runId()).orElseThrow();
    }

    private Snapshot commitWithRetries(List<WriteFragment> data, List<WriteFragment> deletes, RunCommit commit)
            throws IOException {
        RuntimeException last = null;
        for (int attempt = 0; attempt <= target.retries(); attempt++) {
            try {
                SnapshotUpdate<?> update = operation(table, data, deletes);
                describe(update, commit);
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

    /** Records the run and the state it covers in the snapshot's summary. */
    private static void describe(SnapshotUpdate<?> update, RunCommit commit) throws JsonProcessingException {
        update.set(RUN_ID, commit.runId());
        update.set(TENANT, commit.tenantId());
        update.set(JOB, String.valueOf(commit.job()));
        update.set(COMMITTED_AT, commit.committedAt().toString());
        for (Map.Entry<String, Map<String, Object>> s : commit.states().entrySet()) {
            update.set(STATE_PREFIX + s.getKey(), Json.MAPPER.writeValueAsString(s.getValue()));
        }
    }

    private SnapshotUpdate<?> operation(Table t, List<WriteFragment> data, List<WriteFragment> deletes) {
        List<DataFile> files = new ArrayList<>();
        for (WriteFragment f : data) {
            files.add(DataFileFactory.of(f, t.schema(), t.spec()));
        }
        if (target.mode() == WriteMode.MERGE) {
            RowDelta delta = t.newRowDelta();
            files.forEach(delta::addRows);
            int[] ids = target.layout().equalityIds();
            for (WriteFragment f : deletes) {
                delta.addDeletes(DataFileFactory.deletes(f, t.schema(), t.spec(), ids));
            }
            return delta;
        }
        if (target.mode() == WriteMode.OVERWRITE && t.spec().isPartitioned()) {
            ReplacePartitions replace = t.newReplacePartitions();
            files.forEach(replace::addFile);
            return replace;
        }
        if (target.mode() == WriteMode.OVERWRITE) {
            OverwriteFiles overwrite = t.newOverwrite().overwriteByRowFilter(Expressions.alwaysTrue());
            files.forEach(overwrite::addFile);
            return overwrite;
        }
        AppendFiles append = t.newAppend();
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
        if (table == null || table.currentSnapshot() == null) {
            return Optional.empty();
        }
        for (Snapshot s : SnapshotUtil.currentAncestors(table)) {
            if (run.equals(s.summary().get(RUN_ID))) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    private static CommitSummary summary(List<WriteFragment> data, List<WriteFragment> deletes, Snapshot snapshot) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("snapshot_id", snapshot.snapshotId());
        details.put("sequence_number", snapshot.sequenceNumber());
        if (!deletes.isEmpty()) {
            details.put("equality_delete_files", deletes.size());
        }
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
        if (existing() == null || table.currentSnapshot() == null) {
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
        if (table == null || table.currentSnapshot() == null) {
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
        existing();
        String name = target.id().toString();
        for (String run : dead) {
            if (snapshotOf(run).isPresent()) {
                done.add("run " + run + " had committed to " + name + "; its lease is removed");
            } else if (referencesFilesOf(run)) {
                done.add("run " + run + " is not in the history of " + name + " but its files are in the "
                        + "table (its snapshot expired); its lease is removed");
            } else {
                int n = StagedRuns.discard(io, dataBase, run, true);
                done.add("run " + run + " died before committing to " + name + "; " + n
                        + " of its files deleted");
            }
            StagedRuns.end(io, dataBase, run);
        }
        return done;
    }
}
