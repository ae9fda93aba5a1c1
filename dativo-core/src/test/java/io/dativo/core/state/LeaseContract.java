package io.dativo.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dativo.api.ClaimOptions;
import io.dativo.api.ErrorKind;
import io.dativo.api.Lease;
import io.dativo.api.LeaseHandle;
import io.dativo.api.LeaseHeldException;
import io.dativo.api.StateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every state store that keeps leases must do; each store's test runs these against the real store. A second
 * claimant uses {@link #sibling()}, another instance over the same storage where the store has one.
 */
abstract class LeaseContract {

    static final String TENANT = "acme";
    static final String JOB = "orders_job";
    static final long PID = ProcessHandle.current().pid();

    /** The store under test. */
    abstract StateStore store();

    /** Another instance over the same storage as {@link #store()}, as a second process would open it. */
    abstract StateStore sibling();

    /** The leases of {@code store}, to plant a lease no live run renews. */
    abstract LeaseTable leases(StateStore store);

    private static ClaimOptions options() {
        return ClaimOptions.defaults();
    }

    @Test
    void aSecondClaimIsRefusedNamingTheHolderUntilItIsReleased() {
        LeaseHandle first = store().claim(TENANT, JOB, "run-1", options());
        assertThat(first.held()).isTrue();
        assertThat(first.lease().pid()).isEqualTo(PID);
        assertThatThrownBy(() -> sibling().claim(TENANT, JOB, "run-2", options()))
                .isInstanceOfSatisfying(LeaseHeldException.class, e -> {
                    assertThat(e.holder().sameHolder(first.lease())).isTrue();
                    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
                })
                .hasMessageContaining("is being run by run run-1 (host " + Lease.thisHost() + ", pid " + PID + ")")
                .hasMessageContaining("since " + first.lease().startedAt())
                .hasMessageContaining("expires ");
        try (LeaseHandle other = sibling().claim(TENANT, "another_job", "run-3", options());
             LeaseHandle otherTenant = sibling().claim("globex", JOB, "run-4", options())) {
            assertThat(other.held()).isTrue();
            assertThat(otherTenant.held()).isTrue();
        }
        first.close();
        assertThat(first.held()).isFalse();
        try (LeaseHandle second = sibling().claim(TENANT, JOB, "run-2", options())) {
            assertThat(second.lease().runId()).isEqualTo("run-2");
        }
    }

    @Test
    void theThreeArgumentClaimTakesALeaseToo() throws Exception {
        try (AutoCloseable first = store().claim(TENANT, JOB, "run-1")) {
            assertThatThrownBy(() -> sibling().claim(TENANT, JOB, "run-2")).isInstanceOf(LeaseHeldException.class)
                    .hasMessageContaining("is being run by run run-1");
        }
        sibling().claim(TENANT, JOB, "run-2").close();
    }

    @Test
    void aWaitingClaimGetsTheJobOnceTheHolderReleasesIt() throws Exception {
        LeaseHandle first = store().claim(TENANT, JOB, "run-1", options());
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<LeaseHandle> second = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            return sibling().claim(TENANT, JOB, "run-2", options().withMaxWait(Duration.ofSeconds(30)));
        });
        assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(300);
        assertThat(second).as("the holder is still running").isNotDone();
        first.close();
        try (LeaseHandle got = second.get(30, TimeUnit.SECONDS)) {
            assertThat(got.lease().runId()).isEqualTo("run-2");
            assertThat(got.held()).isTrue();
        }
    }

    @Test
    void aWaitThatRunsOutIsRefusedNamingTheHolder() {
        try (LeaseHandle first = store().claim(TENANT, JOB, "run-1", options())) {
            assertThatThrownBy(() -> sibling().claim(TENANT, JOB, "run-2",
                    options().withMaxWait(Duration.ofMillis(300))))
                    .isInstanceOf(LeaseHeldException.class).hasMessageContaining("run run-1")
                    .hasMessageContaining("waited");
            assertThat(first.held()).isTrue();
        }
    }

    @Test
    void aHolderWhoseProcessIsGoneFromThisHostIsTakenOver() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadPid = child.pid();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(ProcessHandle.of(deadPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();

        Instant now = Instant.now();
        Duration hour = Duration.ofHours(1);
        Lease elsewhere = new Lease(TENANT, JOB, "run-elsewhere", "another-host", deadPid, now, now, hour);
        assertThat(leases(store()).acquire(elsewhere)).isEmpty();
        assertThatThrownBy(() -> sibling().claim(TENANT, JOB, "run-2", options()))
                .as("a process id means nothing on another host; its lease lives until it expires")
                .isInstanceOf(LeaseHeldException.class).hasMessageContaining("run run-elsewhere (host another-host");
        assertThat(leases(store()).renew(elsewhere.renewedAt(now))).isTrue();
        leases(store()).release(elsewhere);

        Lease dead = new Lease(TENANT, JOB, "run-dead", Lease.thisHost(), deadPid, now, now, hour);
        assertThat(leases(store()).acquire(dead)).isEmpty();
        try (LeaseHandle taken = sibling().claim(TENANT, JOB, "run-2", options())) {
            assertThat(taken.lease().runId()).isEqualTo("run-2");
            assertThat(leases(store()).renew(dead.renewedAt(Instant.now()))).as("the dead holder lost it").isFalse();
            leases(store()).release(dead);
            assertThatThrownBy(() -> store().claim(TENANT, JOB, "run-3", options()))
                    .as("releasing a lost lease leaves the new holder alone").hasMessageContaining("run run-2");
        }
    }

    @Test
    void aHolderWhoseHeartbeatIsOlderThanItsTimeToLiveIsTakenOver() {
        Instant then = Instant.now().minus(Duration.ofMinutes(5));
        Lease stale = new Lease(TENANT, JOB, "run-stale", Lease.thisHost(), PID, then, then, Duration.ofMinutes(1));
        assertThat(leases(store()).acquire(stale)).isEmpty();
        try (LeaseHandle taken = sibling().claim(TENANT, JOB, "run-2", options())) {
            assertThat(taken.lease().runId()).isEqualTo("run-2");
            assertThat(leases(store()).renew(stale.renewedAt(Instant.now()))).isFalse();
        }
    }

    @Test
    void heartbeatsKeepALongRunsLeaseAlivePastItsTimeToLive() throws Exception {
        ClaimOptions shortLived = options().withTtl(Duration.ofMillis(900));
        try (LeaseHandle first = store().claim(TENANT, JOB, "run-1", shortLived)) {
            Instant taken = first.lease().heartbeatAt();
            Thread.sleep(2_500);
            assertThat(first.held()).isTrue();
            assertThat(first.lease().heartbeatAt()).isAfter(taken.plusMillis(900));
            assertThatThrownBy(() -> sibling().claim(TENANT, JOB, "run-2", shortLived))
                    .isInstanceOf(LeaseHeldException.class).hasMessageContaining("run run-1");
        }
    }

    @Test
    void aHolderWhoseLeaseWasTakenOverLearnsItAtItsNextHeartbeatAndLeavesTheNewHolderAlone() throws Exception {
        LeaseHandle first = store().claim(TENANT, JOB, "run-1", options().withTtl(Duration.ofMillis(600)));
        first.checkHeld();
        // As if the lease had run out while its holder stalled, and another run had taken it over.
        leases(store()).release(first.lease());
        try (LeaseHandle second = sibling().claim(TENANT, JOB, "run-2", options())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (first.held() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(first.held()).isFalse();
            assertThatThrownBy(first::checkHeld).hasMessageContaining("run run-1 no longer holds job orders_job")
                    .hasMessageContaining("nothing of this run is committed");
            first.close();
            assertThatThrownBy(() -> store().claim(TENANT, JOB, "run-3", options()))
                    .hasMessageContaining("run run-2");
            assertThat(second.held()).isTrue();
        }
    }

    @Test
    void ofRunsTakingOverOneDeadHolderAtOnceExactlyOneWins() throws Exception {
        Instant then = Instant.now().minus(Duration.ofMinutes(5));
        Lease stale = new Lease(TENANT, JOB, "run-stale", "another-host", PID, then, then, Duration.ofMinutes(1));
        assertThat(leases(store()).acquire(stale)).isEmpty();
        int runs = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        try {
            List<Future<LeaseHandle>> claims = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                StateStore store = i % 2 == 0 ? store() : sibling();
                String runId = "run-" + i;
                Callable<LeaseHandle> claim = () -> {
                    start.await();
                    try {
                        return store.claim(TENANT, JOB, runId, options());
                    } catch (LeaseHeldException e) {
                        return null;
                    }
                };
                claims.add(pool.submit(claim));
            }
            start.countDown();
            List<LeaseHandle> won = new ArrayList<>();
            for (Future<LeaseHandle> f : claims) {
                LeaseHandle h = f.get(60, TimeUnit.SECONDS);
                if (h != null) {
                    won.add(h);
                }
            }
            assertThat(won).hasSize(1);
            won.get(0).close();
        } finally {
            pool.shutdownNow();
        }
    }
}
