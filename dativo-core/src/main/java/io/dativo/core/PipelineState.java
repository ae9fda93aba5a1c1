package io.dativo.core;

import io.dativo.api.StateKey;
import io.dativo.api.StateRecord;
import io.dativo.api.StateStore;
import io.dativo.core.config.JobSpec;
import io.dativo.core.config.Masker;
import io.dativo.core.state.JobRecords;
import io.dativo.core.state.StateStores;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A pipeline's incremental state as the host administers it: which store holds it, what is committed, and resets.
 * A store made here for one call is closed after it; the host's store is left open.
 */
record PipelineState(JobSpec spec, Masker masker, PipelineParts parts) {

    /** The host's store, or the one the source's settings name (see {@link Pipeline#stateStore()}). */
    StateStore store() {
        if (parts.stateStore() != null) {
            return parts.stateStore();
        }
        return StateStores.forSource(spec.source().incremental(), Path.of(spec.source().baseDir()));
    }

    /** The committed state of every object of the job, without the job's own records. */
    List<StateRecord> list() {
        return withStore(store -> store.list(spec.tenantId(), spec.name()).stream()
                .filter(r -> !JobRecords.isRecord(r)).toList());
    }

    /** Records an empty state for {@code object}, or for every object of the job when null. */
    void reset(String object) {
        withStore(store -> {
            Instant now = Instant.now();
            String origin = "reset-" + RunLoop.newRunId(now);
            List<StateRecord> resets = new ArrayList<>();
            for (StateRecord r : store.list(spec.tenantId(), spec.name())) {
                if (object == null || r.key().object().equals(object)) {
                    resets.add(new StateRecord(r.key(), Map.of(), origin, now, null));
                }
            }
            if (object != null && resets.isEmpty()) {
                resets.add(new StateRecord(new StateKey(spec.tenantId(), spec.name(), object), Map.of(), origin, now,
                        null));
            }
            store.save(resets);
            return null;
        });
    }

    private <T> T withStore(Function<StateStore, T> action) {
        try {
            if (parts.stateStore() != null) {
                return action.apply(parts.stateStore());
            }
            try (StateStore store = store()) {
                return action.apply(store);
            }
        } catch (Exception e) {
            throw Preflight.masked(masker, e, "the state store failed: ");
        }
    }
}
