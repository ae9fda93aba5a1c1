package io.dativo.core.state;

import io.dativo.api.ClaimOptions;
import io.dativo.api.Lease;
import io.dativo.api.LeaseHandle;
import io.dativo.api.StateKey;
import io.dativo.api.StateRecord;
import io.dativo.api.StateStore;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps state in memory, for tests and for hosts that keep state elsewhere between runs. Thread-safe; runs sharing
 * one instance claim jobs from each other ({@link #claim}).
 */
public final class InMemoryStateStore implements StateStore {

    private final ConcurrentHashMap<StateKey, StateRecord> records = new ConcurrentHashMap<>();
    private final Table leases = new Table();

    @Override
    public Optional<StateRecord> load(StateKey key) {
        return Optional.ofNullable(records.get(key));
    }

    @Override
    public void save(List<StateRecord> list) {
        list.forEach(r -> records.put(r.key(), r));
    }

    @Override
    public List<StateRecord> list(String tenantId, String job) {
        return records.values().stream()
                .filter(r -> r.key().tenantId().equals(tenantId) && (job == null || r.key().job().equals(job)))
                .sorted(Comparator.comparing(r -> r.key().object())).toList();
    }

    @Override
    public void delete(StateKey key) {
        records.remove(key);
    }

    /** A lease with {@link ClaimOptions#defaults()}. */
    @Override
    public LeaseHandle claim(String tenantId, String job, String runId) {
        return claim(tenantId, job, runId, ClaimOptions.defaults());
    }

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
        return "InMemoryStateStore";
    }

    /** One lease per tenant and job in a map, changed only by atomic map operations. */
    private static final class Table implements LeaseTable {
        private final ConcurrentHashMap<List<String>, Lease> held = new ConcurrentHashMap<>();

        private static List<String> key(Lease lease) {
            return List.of(lease.tenantId(), lease.job());
        }

        @Override
        public Optional<Lease> acquire(Lease candidate) {
            Lease now = held.compute(key(candidate), (k, current) ->
                    current == null || current.isDead(candidate.heartbeatAt()) ? candidate : current);
            return now == candidate ? Optional.empty() : Optional.of(now);
        }

        @Override
        public boolean renew(Lease renewed) {
            return held.computeIfPresent(key(renewed), (k, current) ->
                    current.sameHolder(renewed) ? renewed : current) == renewed;
        }

        @Override
        public void release(Lease lease) {
            held.computeIfPresent(key(lease), (k, current) -> current.sameHolder(lease) ? null : current);
        }

        @Override
        public String describe() {
            return "in memory";
        }
    }
}
