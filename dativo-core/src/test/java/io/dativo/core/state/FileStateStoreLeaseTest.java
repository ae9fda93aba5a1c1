package io.dativo.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.ClaimOptions;
import io.dativo.api.LeaseHandle;
import io.dativo.api.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leases of the file store, between two instances over one directory. */
class FileStateStoreLeaseTest extends LeaseContract {

    @TempDir
    Path dir;

    @Override
    StateStore store() {
        return new FileStateStore(dir);
    }

    @Override
    StateStore sibling() {
        return new FileStateStore(dir.resolve(".").resolve("state").resolve(".."));
    }

    @Override
    LeaseTable leases(StateStore s) {
        return ((FileStateStore) s).leases();
    }

    @Test
    void theLeaseFileNamesTheHolderAndIsEmptiedOnRelease() throws Exception {
        FileStateStore store = new FileStateStore(dir);
        Path file = store.leaseFile(TENANT, JOB);
        try (LeaseHandle held = store.claim(TENANT, JOB, "run-1", ClaimOptions.defaults())) {
            assertThat(Files.readString(file)).contains("\"run_id\" : \"run-1\"")
                    .contains("\"pid\" : " + PID).contains("\"ttl_ms\" : 60000");
        }
        assertThat(file).exists().isEmptyFile();
        assertThat(store.list(TENANT, JOB)).as("the lease is not state").isEmpty();
    }

    @Test
    void aLeaseFileCutShortByACrashIsNoLease() throws Exception {
        FileStateStore store = new FileStateStore(dir);
        Path file = store.leaseFile(TENANT, JOB);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"tenant_id\" : \"acme\", \"job\" : \"ord");
        try (LeaseHandle held = store.claim(TENANT, JOB, "run-1", ClaimOptions.defaults())) {
            assertThat(held.held()).isTrue();
        }
    }
}
