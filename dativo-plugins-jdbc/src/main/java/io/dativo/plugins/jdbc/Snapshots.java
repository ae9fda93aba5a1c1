package io.dativo.plugins.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL snapshots exported by a run's planning ({@code pg_export_snapshot()}), each kept alive on the planning
 * connection's open transaction until every split of the plan has imported it ({@code SET TRANSACTION SNAPSHOT}).
 * The engine closes the planning reader before the splits run, so the exporting connection lives here. A split that
 * fails or sees the run cancelled ends its snapshot at once; one no split touches for {@link #IDLE_MILLIS} ends then.
 */
final class Snapshots {

    /** How long an exported snapshot waits for its next import. */
    static final long IDLE_MILLIS = TimeUnit.MINUTES.toMillis(30);

    private static final Logger LOG = LoggerFactory.getLogger(Snapshots.class);
    private static final Map<String, Held> HELD = new ConcurrentHashMap<>();
    private static final ScheduledExecutorService REAPER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dativo-jdbc-snapshots");
        t.setDaemon(true);
        return t;
    });

    static {
        REAPER.scheduleWithFixedDelay(Snapshots::reap, 1, 1, TimeUnit.MINUTES);
    }

    private Snapshots() {
    }

    private record Held(Connection connection, AtomicInteger remaining, long[] lastUse) {
    }

    /** Keeps {@code c}, whose transaction exported {@code id}, open until {@code imports} splits imported it. */
    static void hold(String id, Connection c, int imports) {
        HELD.put(id, new Held(c, new AtomicInteger(imports), new long[] {System.currentTimeMillis()}));
    }

    /** Whether {@code id} is still held here. */
    static boolean held(String id) {
        return HELD.containsKey(id);
    }

    /** One split imported {@code id}; the last import ends the exporting transaction. */
    static void imported(String id) {
        Held h = HELD.get(id);
        if (h != null) {
            h.lastUse()[0] = System.currentTimeMillis();
            if (h.remaining().decrementAndGet() <= 0) {
                release(id);
            }
        }
    }

    /** Ends {@code id}'s exporting transaction now. */
    static void release(String id) {
        Held h = HELD.remove(id);
        if (h != null) {
            try {
                h.connection().rollback();
                h.connection().close();
            } catch (SQLException e) {
                LOG.debug("closing the connection of snapshot {}: {}", id, e.getMessage());
            }
        }
    }

    private static void reap() {
        long now = System.currentTimeMillis();
        HELD.forEach((id, h) -> {
            if (now - h.lastUse()[0] > IDLE_MILLIS) {
                LOG.warn("snapshot {} ended after {} minutes without a split importing it", id,
                        TimeUnit.MILLISECONDS.toMinutes(IDLE_MILLIS));
                release(id);
            }
        });
    }
}
