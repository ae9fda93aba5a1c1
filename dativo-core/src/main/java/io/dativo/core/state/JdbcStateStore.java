package io.dativo.core.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.dativo.api.ClaimOptions;
import io.dativo.api.DativoException;
import io.dativo.api.LeaseHandle;
import io.dativo.api.Secrets;
import io.dativo.api.StateKey;
import io.dativo.api.StateRecord;
import io.dativo.api.StateStore;
import io.dativo.core.internal.Json;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps state in one table of a relational database, for hosts that run several instances of the same jobs. A
 * second table records which run holds each job as a lease ({@link #claim(String, String, String, ClaimOptions)}),
 * so two runs of one job never interleave; a dead holder's lease (its process gone from its host, or its heartbeat
 * older than its time to live) is taken over. Plain SQL only, so any JDBC database with its driver on the classpath
 * works; the tables are created when missing.
 */
public final class JdbcStateStore implements StateStore {

    /** Opens a connection; a {@link javax.sql.DataSource} fits ({@code ds::getConnection}). */
    @FunctionalInterface
    public interface ConnectionSource {
        /** A new connection, closed by the store after use. */
        Connection open() throws SQLException;
    }

    private final ConnectionSource connections;
    private final String stateTable;
    private final String where;
    private final JdbcLeaseTable leases;
    private volatile boolean ready;

    /**
     * A store in {@code {prefix}state} and {@code {prefix}run_lease}.
     *
     * @param connections where connections come from
     * @param tablePrefix such as {@code dativo_}; letters, digits and underscores
     * @param description where the store is, for messages; must not contain secrets
     */
    public JdbcStateStore(ConnectionSource connections, String tablePrefix, String description) {
        if (!tablePrefix.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
            throw new IllegalArgumentException("table prefix must be letters, digits and underscores: " + tablePrefix);
        }
        this.connections = connections;
        this.stateTable = tablePrefix + "state";
        this.where = description;
        this.leases = new JdbcLeaseTable(connections, tablePrefix + "run_lease", description);
    }

    /** A store in {@code dativo_state} and {@code dativo_run_lease} of the database at {@code url}. */
    public static JdbcStateStore forUrl(String url) {
        return new JdbcStateStore(() -> DriverManager.getConnection(url), "dativo_", Secrets.maskUrl(url));
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(String what, Work<T> work) {
        try (Connection c = connections.open()) {
            ensureTables(c);
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new DativoException("state store " + where + ": cannot " + what + ": " + e.getMessage(), e);
        }
    }

    private void ensureTables(Connection c) throws SQLException {
        if (ready) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + stateTable + " (tenant_id VARCHAR(200) NOT NULL, "
                    + "job VARCHAR(200) NOT NULL, object VARCHAR(500) NOT NULL, run_id VARCHAR(100) NOT NULL, "
                    + "committed_at VARCHAR(40) NOT NULL, state_values TEXT NOT NULL, "
                    + "PRIMARY KEY (tenant_id, job, object))");
        }
        ready = true;
    }

    @Override
    public Optional<StateRecord> load(StateKey key) {
        return inTransaction("load the state of " + key.object(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT run_id, committed_at, state_values FROM "
                    + stateTable + " WHERE tenant_id = ? AND job = ? AND object = ?")) {
                ps.setString(1, key.tenantId());
                ps.setString(2, key.job());
                ps.setString(3, key.object());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(record(key, rs)) : Optional.empty();
                }
            }
        });
    }

    private StateRecord record(StateKey key, ResultSet rs) throws SQLException {
        String origin = where + " table " + stateTable + " row (" + key.tenantId() + ", " + key.job() + ", "
                + key.object() + ")";
        try {
            Map<String, Object> values = Json.MAPPER.readValue(rs.getString(3), new TypeReference<>() {
            });
            return new StateRecord(key, values, rs.getString(1), Instant.parse(rs.getString(2)), origin);
        } catch (JsonProcessingException | java.time.format.DateTimeParseException e) {
            throw new DativoException("state in " + origin + " is not valid: " + e.getMessage()
                    + "; fix it, or reset the state to read the object from the start");
        }
    }

    @Override
    public void save(List<StateRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        inTransaction("save state", c -> {
            for (StateRecord r : records) {
                String values;
                try {
                    values = Json.MAPPER.writeValueAsString(r.values());
                } catch (JsonProcessingException e) {
                    throw new DativoException("state of " + r.key().object() + " cannot be written as JSON", e);
                }
                try (PreparedStatement up = c.prepareStatement("UPDATE " + stateTable + " SET run_id = ?, "
                        + "committed_at = ?, state_values = ? WHERE tenant_id = ? AND job = ? AND object = ?")) {
                    up.setString(1, r.runId());
                    up.setString(2, r.committedAt().toString());
                    up.setString(3, values);
                    up.setString(4, r.key().tenantId());
                    up.setString(5, r.key().job());
                    up.setString(6, r.key().object());
                    if (up.executeUpdate() == 1) {
                        continue;
                    }
                }
                try (PreparedStatement in = c.prepareStatement("INSERT INTO " + stateTable + " (tenant_id, job, "
                        + "object, run_id, committed_at, state_values) VALUES (?, ?, ?, ?, ?, ?)")) {
                    in.setString(1, r.key().tenantId());
                    in.setString(2, r.key().job());
                    in.setString(3, r.key().object());
                    in.setString(4, r.runId());
                    in.setString(5, r.committedAt().toString());
                    in.setString(6, values);
                    in.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public List<StateRecord> list(String tenantId, String job) {
        return inTransaction("list state", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT run_id, committed_at, state_values, job, object "
                    + "FROM " + stateTable + " WHERE tenant_id = ? AND (? IS NULL OR job = ?) ORDER BY job, object")) {
                ps.setString(1, tenantId);
                ps.setString(2, job);
                ps.setString(3, job);
                List<StateRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(record(new StateKey(tenantId, rs.getString(4), rs.getString(5)), rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public void delete(StateKey key) {
        inTransaction("delete state", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + stateTable
                    + " WHERE tenant_id = ? AND job = ? AND object = ?")) {
                ps.setString(1, key.tenantId());
                ps.setString(2, key.job());
                ps.setString(3, key.object());
                return ps.executeUpdate();
            }
        });
    }

    /** A lease with {@link ClaimOptions#defaults()}. */
    @Override
    public LeaseHandle claim(String tenantId, String job, String runId) {
        return claim(tenantId, job, runId, ClaimOptions.defaults());
    }

    /**
     * A lease in a row of {@code {prefix}run_lease}: a new row when the job is free, or a conditional update of a
     * dead holder's row that succeeds only if the row is still the one found dead, so of two runs taking it over one
     * wins. Liveness is judged by the claiming host's clock, so the time to live must exceed the clock skew between
     * hosts.
     */
    @Override
    public LeaseHandle claim(String tenantId, String job, String runId, ClaimOptions options) {
        return Leases.claim(leases, tenantId, job, runId, options);
    }

    /** The leases, for tests that plant one. */
    LeaseTable leases() {
        return leases;
    }

    @Override
    public String toString() {
        return "JdbcStateStore[" + where + "]";
    }
}
