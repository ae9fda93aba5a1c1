package io.dativo.api;

import java.time.Duration;

/**
 * A run could not claim a job because another live run holds it. Its kind is {@link ErrorKind#TRANSIENT}: the holder
 * ends, so the same run started later, or with a longer wait, can succeed; nothing about the configuration or the
 * data is wrong. The pipeline does not retry it by itself (it is not a {@link RetryableException}), because running
 * the job again at once would only meet the same holder.
 *
 * @since 0.2
 */
public class LeaseHeldException extends DativoException {

    private static final long serialVersionUID = 1L;

    private final Lease holder;

    /**
     * The job of {@code holder} is held by it.
     *
     * @param holder the live lease that refused the claim
     * @param where  the store, for the message; must not contain secrets
     * @param waited how long the refused run waited
     */
    public LeaseHeldException(Lease holder, String where, Duration waited) {
        super(ErrorKind.TRANSIENT, "job " + holder.job() + " of tenant " + holder.tenantId() + " is being run by "
                + holder.describe() + " (state store " + where + ")"
                + (waited.isZero() ? "" : "; waited " + waited.toMillis() + " ms") + ". Run it again when that run "
                + "has ended, or let the run wait for it; a run that died is taken over once its process is gone "
                + "from its host or its lease has expired", null);
        this.holder = holder;
    }

    /** The lease of the run that holds the job. */
    public Lease holder() {
        return holder;
    }
}
