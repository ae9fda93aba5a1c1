package io.dativo.core.state;

import io.dativo.api.ClaimOptions;
import io.dativo.api.DativoException;
import io.dativo.api.ErrorKind;
import io.dativo.api.Lease;
import io.dativo.api.LeaseHandle;
import io.dativo.api.LeaseHeldException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Claims a job in a {@link LeaseTable}: waiting for a live holder, then renewing the lease until it is released. */
final class Leases {

    private static final Logger LOG = LoggerFactory.getLogger(Leases.class);

    /** How often a waiting run looks again at most; a released job is seen within this time. */
    private static final Duration MAX_POLL = Duration.ofMillis(250);

    private Leases() {
    }

    /**
     * Claims {@code job} for {@code runId} in {@code table}, waiting up to {@code options.maxWait()} for a live holder.
     *
     * @throws LeaseHeldException when a live run still holds the job after the wait
     * @throws DativoException    of kind {@link ErrorKind#CANCELLED} when the waiting thread is interrupted
     */
    static LeaseHandle claim(LeaseTable table, String tenantId, String job, String runId, ClaimOptions options) {
        long started = System.nanoTime();
        long deadline = started + options.maxWait().toNanos();
        Duration poll = options.heartbeat().compareTo(MAX_POLL) < 0 ? options.heartbeat() : MAX_POLL;
        while (true) {
            Lease mine = Lease.forThisProcess(tenantId, job, runId, options.ttl());
            Optional<Lease> holder = table.acquire(mine);
            if (holder.isEmpty()) {
                return new Renewing(table, mine, options.heartbeat());
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                Duration waited = options.maxWait().isZero() ? Duration.ZERO
                        : Duration.ofNanos(System.nanoTime() - started).truncatedTo(ChronoUnit.MILLIS);
                throw new LeaseHeldException(holder.get(), table.describe(), waited);
            }
            try {
                Thread.sleep(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), poll.toMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DativoException(ErrorKind.CANCELLED, "interrupted while waiting for job " + job
                        + " of tenant " + tenantId + ", held by " + holder.get().describe(), e);
            }
        }
    }

    /** A held lease, renewed on a daemon thread of its own until it is closed or lost. */
    private static final class Renewing implements LeaseHandle {
        private final LeaseTable table;
        private final ScheduledExecutorService heartbeat;
        private volatile Lease lease;
        private volatile boolean held = true;

        Renewing(LeaseTable table, Lease lease, Duration every) {
            this.table = table;
            this.lease = lease;
            this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "dativo-lease-" + lease.job());
                t.setDaemon(true);
                return t;
            });
            long ms = Math.max(1, every.toMillis());
            heartbeat.scheduleWithFixedDelay(this::beat, ms, ms, TimeUnit.MILLISECONDS);
        }

        private synchronized void beat() {
            if (!held) {
                return;
            }
            Lease next = lease.renewedAt(Instant.now());
            try {
                if (table.renew(next)) {
                    lease = next;
                    return;
                }
                held = false;
                heartbeat.shutdown();
                LOG.warn("run {} lost its lease on job {} (tenant {}) in {}: it was not renewed before {}, and "
                        + "another run took it over", next.runId(), next.job(), next.tenantId(), table.describe(),
                        lease.expiresAt());
            } catch (RuntimeException e) {
                // A store that cannot be reached for a moment is tried again at the next heartbeat; the lease
                // survives as long as one renewal succeeds within its time to live.
                LOG.warn("run {}: cannot renew the lease on job {} in {}: {}", next.runId(), next.job(),
                        table.describe(), e.getMessage());
            }
        }

        @Override
        public Lease lease() {
            return lease;
        }

        @Override
        public boolean held() {
            return held;
        }

        @Override
        public void close() {
            heartbeat.shutdownNow();
            synchronized (this) {
                if (!held) {
                    return;
                }
                held = false;
            }
            table.release(lease);
        }
    }
}
