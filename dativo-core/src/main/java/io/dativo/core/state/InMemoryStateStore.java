package io.dativo.core.state;

import io.dativo.api.StateKey;
import io.dativo.api.StateRecord;
import io.dativo.api.StateStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps state in memory, for tests and for hosts that keep state elsewhere between runs. Thread-safe. */
public final class InMemoryStateStore implements StateStore {

    private final ConcurrentHashMap<StateKey, StateRecord> records = new ConcurrentHashMap<>();

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
                .sorted(java.util.Comparator.comparing(r -> r.key().object())).toList();
    }

    @Override
    public void delete(StateKey key) {
        records.remove(key);
    }
}
