package io.dativo.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.ClaimOptions;
import io.dativo.api.LeaseHandle;
import io.dativo.api.StateStore;
import io.dativo.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Leases of the JDBC store on a real PostgreSQL server, between two store instances. */
class JdbcStateStoreLeaseTest extends LeaseContract {

    private static final AtomicInteger TABLES = new AtomicInteger();
    static PostgresServer pg;

    private final String prefix = "lease" + TABLES.incrementAndGet() + "_";

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        pg.close();
    }

    @Override
    StateStore store() {
        return new JdbcStateStore(pg::connect, prefix, "test postgres");
    }

    @Override
    StateStore sibling() {
        return store();
    }

    @Override
    LeaseTable leases(StateStore s) {
        return ((JdbcStateStore) s).leases();
    }

    @Test
    void theLeaseRowNamesTheHolderAndIsDeletedOnRelease() throws Exception {
        try (LeaseHandle held = store().claim(TENANT, JOB, "run-1", ClaimOptions.defaults());
             Connection c = pg.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT run_id, host, pid, started_at, heartbeat_at, ttl_ms FROM "
                    + prefix + "run_lease WHERE tenant_id = 'acme' AND job = 'orders_job'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("run-1");
                assertThat(rs.getString(2)).isEqualTo(held.lease().host());
                assertThat(rs.getLong(3)).isEqualTo(PID);
                assertThat(rs.getString(4)).isEqualTo(held.lease().startedAt().toString());
                assertThat(rs.getLong(6)).isEqualTo(60_000);
            }
            held.close();
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + prefix + "run_lease")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isZero();
            }
        }
    }
}
