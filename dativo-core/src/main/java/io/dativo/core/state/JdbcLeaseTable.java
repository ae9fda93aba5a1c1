package io.dativo.core.state;

import io.dativo.api.DativoException;
import io.dativo.api.ErrorKind;
import io.dativo.api.Lease;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leases as rows of one table, a row per tenant and job. Each change is one statement on an auto-committed
 * connection, atomic by itself: a claim inserts the row (the primary key refuses a second), a takeover updates the
 * row only where every column still holds the dead lease that was read, a renewal or release touches the row only
 * where it still names the same holder.
 */
final class JdbcLeaseTable implements LeaseTable {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcLeaseTable.class);
    private static final String HOLDER = "tenant_id = ? AND job = ? AND run_id = ? AND host = ? AND pid = ? "
            + "AND started_at = ?";
    /** How often a claim looks again when the row changes between reading and taking it over. */
    private static final int TRIES = 5;

    private final JdbcStateStore.ConnectionSource connections;
    private final String table;
    private final String where;
    private volatile boolean ready;

    JdbcLeaseTable(JdbcStateStore.ConnectionSource connections, String table, String where) {
        this.connections = connections;
        this.table = table;
        this.where = where;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T connected(String what, Lease lease, Work<T> work) {
        try (Connection c = connections.open()) {
            c.setAutoCommit(true);
            if (!ready) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE IF NOT EXISTS " + table + " (tenant_id VARCHAR(200) NOT NULL, "
                            + "job VARCHAR(200) NOT NULL, run_id VARCHAR(100) NOT NULL, host VARCHAR(255) NOT NULL, "
                            + "pid BIGINT NOT NULL, started_at VARCHAR(40) NOT NULL, "
                            + "heartbeat_at VARCHAR(40) NOT NULL, ttl_ms BIGINT NOT NULL, "
                            + "PRIMARY KEY (tenant_id, job))");
                }
                ready = true;
            }
            return work.run(c);
        } catch (SQLException e) {
            throw new DativoException(ErrorKind.TRANSIENT, "state store " + where + ": cannot " + what + " job "
                    + lease.job() + " of tenant " + lease.tenantId() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Lease> acquire(Lease candidate) {
        return connected("claim", candidate, c -> {
            for (int i = 0; i < TRIES; i++) {
                if (insert(c, candidate)) {
                    return Optional.empty();
                }
                Optional<Lease> current = select(c, candidate);
                if (current.isEmpty()) {
                    continue;
                }
                if (!current.get().isDead(candidate.heartbeatAt())) {
                    return current;
                }
                if (takeOver(c, current.get(), candidate)) {
                    LOG.warn("run {} took over job {} of tenant {} from {}, which is dead", candidate.runId(),
                            candidate.job(), candidate.tenantId(), current.get().describe());
                    return Optional.empty();
                }
            }
            throw new DativoException(ErrorKind.TRANSIENT, "job " + candidate.job() + " of tenant "
                    + candidate.tenantId() + " changed hands " + TRIES + " times while run " + candidate.runId()
                    + " was claiming it (" + where + ", table " + table + "); run it again", null);
        });
    }

    private boolean insert(Connection c, Lease lease) throws SQLException {
        try (PreparedStatement in = c.prepareStatement("INSERT INTO " + table + " (tenant_id, job, run_id, host, pid, "
                + "started_at, heartbeat_at, ttl_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            in.setString(1, lease.tenantId());
            in.setString(2, lease.job());
            in.setString(3, lease.runId());
            in.setString(4, lease.host());
            in.setLong(5, lease.pid());
            in.setString(6, lease.startedAt().toString());
            in.setString(7, lease.heartbeatAt().toString());
            in.setLong(8, lease.ttl().toMillis());
            return in.executeUpdate() == 1;
        } catch (SQLException e) {
            // SQL state class 23 is an integrity constraint violation: the row, and so a holder, exists.
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                return false;
            }
            throw e;
        }
    }

    private Optional<Lease> select(Connection c, Lease key) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT run_id, host, pid, started_at, heartbeat_at, ttl_ms "
                + "FROM " + table + " WHERE tenant_id = ? AND job = ?")) {
            q.setString(1, key.tenantId());
            q.setString(2, key.job());
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Lease(key.tenantId(), key.job(), rs.getString(1), rs.getString(2),
                        rs.getLong(3), Instant.parse(rs.getString(4)), Instant.parse(rs.getString(5)),
                        Duration.ofMillis(rs.getLong(6))));
            }
        }
    }

    private boolean takeOver(Connection c, Lease dead, Lease candidate) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("UPDATE " + table + " SET run_id = ?, host = ?, pid = ?, "
                + "started_at = ?, heartbeat_at = ?, ttl_ms = ? WHERE " + HOLDER + " AND heartbeat_at = ?")) {
            up.setString(1, candidate.runId());
            up.setString(2, candidate.host());
            up.setLong(3, candidate.pid());
            up.setString(4, candidate.startedAt().toString());
            up.setString(5, candidate.heartbeatAt().toString());
            up.setLong(6, candidate.ttl().toMillis());
            int next = holder(up, 7, dead);
            up.setString(next, dead.heartbeatAt().toString());
            return up.executeUpdate() == 1;
        }
    }

    private static int holder(PreparedStatement ps, int from, Lease lease) throws SQLException {
        ps.setString(from, lease.tenantId());
        ps.setString(from + 1, lease.job());
        ps.setString(from + 2, lease.runId());
        ps.setString(from + 3, lease.host());
        ps.setLong(from + 4, lease.pid());
        ps.setString(from + 5, lease.startedAt().toString());
        return from + 6;
    }

    @Override
    public boolean renew(Lease renewed) {
        return connected("renew the lease on", renewed, c -> {
            try (PreparedStatement up = c.prepareStatement("UPDATE " + table + " SET heartbeat_at = ? WHERE "
                    + HOLDER)) {
                up.setString(1, renewed.heartbeatAt().toString());
                holder(up, 2, renewed);
                return up.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void release(Lease lease) {
        connected("release", lease, c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM " + table + " WHERE " + HOLDER)) {
                holder(del, 1, lease);
                return del.executeUpdate();
            }
        });
    }

    @Override
    public String describe() {
        return where + ", table " + table;
    }
}
