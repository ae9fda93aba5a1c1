package io.dativo.core.state;

import io.dativo.api.StateStore;

/** Leases of the in-memory store: runs sharing one instance exclude each other. */
class InMemoryStateStoreLeaseTest extends LeaseContract {

    private final InMemoryStateStore store = new InMemoryStateStore();

    @Override
    StateStore store() {
        return store;
    }

    @Override
    StateStore sibling() {
        return store;
    }

    @Override
    LeaseTable leases(StateStore s) {
        return ((InMemoryStateStore) s).leases();
    }
}
