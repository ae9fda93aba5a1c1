package io.dativo.testkit;

import io.dativo.api.AssetDefinition;
import io.dativo.api.TargetConfig;
import io.dativo.api.WriteContext;
import java.time.Instant;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A {@link WriteContext} for running a writer outside a pipeline. Build one with
 * {@link #builder(BufferAllocator, AssetDefinition, TargetConfig)}.
 *
 * @param asset        the data contract
 * @param target       the target configuration
 * @param outputBase   the base path of the output
 * @param tenantId     the tenant
 * @param runId        the run's identifier
 * @param runStartedAt when the run started
 * @param allocator    the writer's allocator
 * @since 0.2
 */
public record TestWriteContext(AssetDefinition asset, TargetConfig target, String outputBase, String tenantId,
                               String runId, Instant runStartedAt, BufferAllocator allocator)
        implements WriteContext {

    /** Checks that the contract, target and allocator are given. */
    public TestWriteContext {
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(allocator, "allocator");
    }

    /**
     * A builder of a context writing {@code asset} to {@code target} with {@code allocator}: tenant
     * {@code test-tenant}, run {@code test-run} started now, output base the target's {@code path} connection
     * setting.
     */
    public static Builder builder(BufferAllocator allocator, AssetDefinition asset, TargetConfig target) {
        Object path = target.connection().get("path");
        return new Builder(allocator, asset, target).outputBase(path == null ? "" : path.toString());
    }

    /** A builder holding this context's values. */
    public Builder toBuilder() {
        return new Builder(allocator, asset, target).outputBase(outputBase).tenantId(tenantId).runId(runId)
                .runStartedAt(runStartedAt);
    }

    /** This context for the run {@code value}. */
    public TestWriteContext withRunId(String value) {
        return toBuilder().runId(value).build();
    }

    /** Collects a write context's values. */
    public static final class Builder {
        private final BufferAllocator allocator;
        private final AssetDefinition asset;
        private final TargetConfig target;
        private String outputBase;
        private String tenantId = "test-tenant";
        private String runId = "test-run";
        private Instant runStartedAt = Instant.now();

        private Builder(BufferAllocator allocator, AssetDefinition asset, TargetConfig target) {
            this.allocator = allocator;
            this.asset = asset;
            this.target = target;
        }

        /** The base path of the output. */
        public Builder outputBase(String value) {
            this.outputBase = value;
            return this;
        }

        /** The tenant. */
        public Builder tenantId(String value) {
            this.tenantId = value;
            return this;
        }

        /** The run's identifier. */
        public Builder runId(String value) {
            this.runId = value;
            return this;
        }

        /** When the run started. */
        public Builder runStartedAt(Instant value) {
            this.runStartedAt = value;
            return this;
        }

        /** The context. */
        public TestWriteContext build() {
            return new TestWriteContext(asset, target, outputBase, tenantId, runId, runStartedAt, allocator);
        }
    }
}
