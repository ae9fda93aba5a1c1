package io.dativo.core.state;

import io.dativo.api.Lease;
import java.util.Optional;

/**
 * Where a store keeps its leases, one per tenant and job. Each operation is atomic against every other process and
 * thread using the same store: of two runs acquiring at once, at most one wins.
 */
interface LeaseTable {

    /**
     * Makes {@code candidate} the holder of its job when nobody holds it or the holder is dead at the candidate's
     * heartbeat time ({@link Lease#isDead}); returns the live holder that refused it, or empty when the candidate
     * holds the job now.
     */
    Optional<Lease> acquire(Lease candidate);

    /** Records {@code renewed}'s heartbeat if its holder still holds the job; false when it has lost it. */
    boolean renew(Lease renewed);

    /** Ends {@code lease} if its holder still holds the job; otherwise leaves the new holder alone. */
    void release(Lease lease);

    /** Where the leases are, for messages; no secrets. */
    String describe();
}
