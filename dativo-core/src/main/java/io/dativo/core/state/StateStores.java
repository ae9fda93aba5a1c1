package io.dativo.core.state;

import io.dativo.api.IncrementalSpec;
import io.dativo.api.StateStore;
import java.nio.file.Path;

/** Chooses the store a job keeps its incremental state in when the host gives none. */
public final class StateStores {

    private StateStores() {
    }

    /**
     * The store for a source's {@code incremental} settings ({@code inc}, may be null): when its {@code state_path}
     * is a JDBC URL, a {@link JdbcStateStore} there; else a {@link FileStateStore} under that path resolved against
     * {@code baseDir}, or under {@code .dativo/state} in {@code baseDir}.
     */
    public static StateStore forSource(IncrementalSpec inc, Path baseDir) {
        if (inc != null && inc.statePath() != null && inc.statePath().startsWith("jdbc:")) {
            return JdbcStateStore.forUrl(inc.statePath());
        }
        return new FileStateStore(inc != null && inc.statePath() != null ? baseDir.resolve(inc.statePath())
                : baseDir.resolve(".dativo").resolve("state"));
    }
}
