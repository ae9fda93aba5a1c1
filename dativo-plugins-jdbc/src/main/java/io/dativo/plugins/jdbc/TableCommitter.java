package io.dativo.plugins.jdbc;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dativo.api.CommitSummary;
import io.dativo.api.Committer;
import io.dativo.api.RunCommit;
import io.dativo.api.WriteFragment;
import io.dativo.api.WriteMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a run's staged rows into the target in one transaction with the run's commit record, and drops the staging
 * tables. Works from the fragments alone. While it is open it holds a named lock of its run (PostgreSQL advisory
 * lock, MySQL {@code GET_LOCK}) on a connection of its own: {@link #recover()} takes a run whose lock is free for
 * dead, and drops its staging tables.
 */
final class TableCommitter implements Committer, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TableCommitter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConnectionSettings settings;
    private final TargetTables tables;
    private final WriteMode mode;
    private final String runId;
    private Connection lease;

    TableCommitter(ConnectionSettings settings, TargetTables tables, WriteMode mode, String runId) throws SQLException {
        this.settings = settings;
        this.tables = tables;
        this.mode = mode;
        this.runId = runId;
        lease = settings.open();
        JdbcWriter.session(lease, settings.dialect());
        tables.createOwn(lease);
        lockRun(lease, runId);
    }

    @Override
    public CommitSummary commit(List<WriteFragment> fragments, RunCommit commit) throws Exception {
        List<WriteFragment> data = WriteFragment.data(fragments);
        long records = data.stream().mapToLong(WriteFragment::records).sum();
        try (Connection c = settings.open()) {
            JdbcWriter.session(c, settings.dialect());
            tables.createTarget(c, mode);
            c.setAutoCommit(false);
            if (committed(c, commit.runId())) {
                c.rollback();
                dropStaging(c, data);
                return new CommitSummary(data.size(), records, Map.of("table", tables.targetKey(),
                        "already_committed", true));
            }
            if (mode == WriteMode.OVERWRITE) {
                TargetTables.execute(c, "DELETE FROM " + tables.target());
            }
            for (WriteFragment f : data) {
                TargetTables.execute(c, move(tables.own(f.location())));
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + tables.own(TargetTables.COMMITS)
                    + " (target_table, tenant_id, job, run_id, committed_ms, state) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, tables.targetKey());
                ps.setString(2, commit.tenantId());
                ps.setString(3, commit.job());
                ps.setString(4, commit.runId());
                ps.setLong(5, commit.committedAt().toEpochMilli());
                ps.setString(6, JSON.writeValueAsString(commit.states()));
                ps.executeUpdate();
            }
            if (settings.dialect().transactionalDdl()) {
                dropStaging(c, data);
            }
            c.commit();
            c.setAutoCommit(true);
            if (!settings.dialect().transactionalDdl()) {
                // MySQL commits DDL implicitly, so staging goes only after the move is durable
                dropStaging(c, data);
            }
        }
        return new CommitSummary(data.size(), records, Map.of("table", tables.targetKey()));
    }

    private String move(String staging) {
        String cols = tables.columnList();
        if (mode != WriteMode.MERGE) {
            return "INSERT INTO " + tables.target() + " (" + cols + ") SELECT " + cols + " FROM " + staging;
        }
        String sql = settings.dialect().upsert(tables.target(), staging, tables.columnNames(), tables.mergeKeys());
        if (sql == null) {
            throw new UnsupportedOperationException("write_mode merge needs a PostgreSQL or MySQL/MariaDB target");
        }
        return sql;
    }

    private boolean committed(Connection c, String run) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + tables.own(TargetTables.COMMITS)
                + " WHERE target_table = ? AND run_id = ?")) {
            ps.setString(1, tables.targetKey());
            ps.setString(2, run);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void dropStaging(Connection c, List<WriteFragment> data) throws SQLException {
        for (WriteFragment f : data) {
            tables.dropStaging(c, f.location());
        }
    }

    @Override
    public void abort(List<WriteFragment> fragments) throws Exception {
        try (Connection c = settings.open()) {
            dropStaging(c, WriteFragment.data(fragments));
        }
    }

    @Override
    public Optional<RunCommit> lastCommit(String tenantId, String job) throws Exception {
        try (PreparedStatement ps = lease.prepareStatement("SELECT run_id, committed_ms, state FROM "
                + tables.own(TargetTables.COMMITS) + " WHERE target_table = ? AND tenant_id = ? AND job = ? "
                + "ORDER BY committed_ms DESC")) {
            ps.setMaxRows(1);
            ps.setString(1, tables.targetKey());
            ps.setString(2, tenantId);
            ps.setString(3, job);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Map<String, Map<String, Object>> states = JSON.readValue(rs.getString(3),
                        new TypeReference<LinkedHashMap<String, Map<String, Object>>>() { });
                return Optional.of(new RunCommit(tenantId, job, rs.getString(1),
                        Instant.ofEpochMilli(rs.getLong(2)), states));
            }
        }
    }

    @Override
    public List<String> recover() throws Exception {
        Map<String, List<String>> byRun = new LinkedHashMap<>();
        try (PreparedStatement ps = lease.prepareStatement("SELECT run_id, staging_table FROM "
                + tables.own(TargetTables.STAGING) + " WHERE target_table = ? AND run_id <> ?")) {
            ps.setString(1, tables.targetKey());
            ps.setString(2, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byRun.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        List<String> done = new ArrayList<>();
        for (Map.Entry<String, List<String>> run : byRun.entrySet()) {
            if (!runIsDead(run.getKey())) {
                continue;
            }
            for (String staging : run.getValue()) {
                tables.dropStaging(lease, staging);
            }
            String what = "dropped " + run.getValue().size() + " staging table(s) of dead run " + run.getKey()
                    + " in " + tables.targetKey();
            LOG.info(what);
            done.add(what);
        }
        return done;
    }

    private void lockRun(Connection c, String run) throws SQLException {
        String sql = switch (settings.dialect()) {
            case POSTGRES -> "SELECT pg_advisory_lock(hashtextextended(?, 0))";
            case MYSQL -> "SELECT GET_LOCK(?, 0)";
            case GENERIC -> null;
        };
        if (sql != null) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, TargetTables.runLock(run));
                ps.executeQuery().close();
            }
        }
    }

    /** Whether no live session holds {@code run}'s lock; on databases without named locks, never. */
    private boolean runIsDead(String run) throws SQLException {
        String sql = switch (settings.dialect()) {
            case POSTGRES -> "SELECT pg_try_advisory_lock(hashtextextended(?, 0))";
            case MYSQL -> "SELECT IS_FREE_LOCK(?)";
            case GENERIC -> null;
        };
        if (sql == null) {
            return false;
        }
        boolean free;
        try (PreparedStatement ps = lease.prepareStatement(sql)) {
            ps.setString(1, TargetTables.runLock(run));
            try (ResultSet rs = ps.executeQuery()) {
                free = rs.next() && rs.getBoolean(1);
            }
        }
        if (free && settings.dialect() == Dialect.POSTGRES) {
            try (PreparedStatement ps = lease.prepareStatement(
                    "SELECT pg_advisory_unlock(hashtextextended(?, 0))")) {
                ps.setString(1, TargetTables.runLock(run));
                ps.executeQuery().close();
            }
        }
        return free;
    }

    @Override
    public void close() throws SQLException {
        if (lease != null) {
            lease.close();
            lease = null;
        }
    }
}
