package io.dativo.core.connector.file;

import io.dativo.api.AssetDefinition;
import io.dativo.api.TargetConfig;
import io.dativo.api.WriteContext;
import java.time.Instant;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A run's write context with another target and output base, and possibly another contract: how a connector that
 * maps its own configuration onto the file target (a bucket and prefix, a table's data location) opens a
 * {@link FileTargetWriter} inside the run, or one that writes only some of the contract's columns (a table
 * format's delete files).
 *
 * @param context    the run's context, which gives everything else
 * @param asset      the contract the file target writes
 * @param target     the target the file target writes to
 * @param outputBase the location output paths are resolved against
 */
public record RetargetedContext(WriteContext context, AssetDefinition asset, TargetConfig target, String outputBase)
        implements WriteContext {

    /** The run's context with another target and output base, and the run's contract. */
    public RetargetedContext(WriteContext context, TargetConfig target, String outputBase) {
        this(context, context.asset(), target, outputBase);
    }

    @Override
    public String tenantId() {
        return context.tenantId();
    }

    @Override
    public String runId() {
        return context.runId();
    }

    @Override
    public Instant runStartedAt() {
        return context.runStartedAt();
    }

    @Override
    public BufferAllocator allocator() {
        return context.allocator();
    }
}
