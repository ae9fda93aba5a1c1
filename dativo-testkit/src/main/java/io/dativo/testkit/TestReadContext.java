package io.dativo.testkit;

import io.dativo.api.AssetDefinition;
import io.dativo.api.ReadContext;
import io.dativo.api.ReadSplit;
import io.dativo.api.StateKey;
import io.dativo.api.StateRecord;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A {@link ReadContext} for running a reader outside a pipeline: the settings a pipeline would pass, committed state
 * per object, and a record of the state the reader proposes. Build one with {@link #builder(BufferAllocator,
 * AssetDefinition)}.
 *
 * @since 0.2
 */
public final class TestReadContext implements ReadContext {

    private final BufferAllocator allocator;
    private final AssetDefinition asset;
    private final int batchSize;
    private final String runId;
    private final ReadSplit split;
    private final int parallelism;
    private final long targetSplitBytes;
    private final Map<String, Map<String, Object>> committed;
    private final BooleanSupplier cancelled;
    private final Map<String, Map<String, Object>> proposed = new ConcurrentHashMap<>();

    private TestReadContext(Builder b) {
        this.allocator = Objects.requireNonNull(b.allocator, "allocator");
        this.asset = Objects.requireNonNull(b.asset, "asset");
        this.batchSize = b.batchSize;
        this.runId = b.runId;
        this.split = b.split;
        this.parallelism = b.parallelism;
        this.targetSplitBytes = b.targetSplitBytes;
        this.committed = Map.copyOf(b.committed);
        this.cancelled = b.cancelled;
    }

    /** A builder of a context that reads the whole source with {@code allocator} against {@code asset}. */
    public static Builder builder(BufferAllocator allocator, AssetDefinition asset) {
        return new Builder().allocator(allocator).asset(asset);
    }

    /** A builder holding this context's settings and committed state. */
    public Builder toBuilder() {
        Builder b = builder(allocator, asset).batchSize(batchSize).runId(runId).split(split).parallelism(parallelism)
                .targetSplitBytes(targetSplitBytes).cancelled(cancelled);
        committed.forEach(b::committedState);
        return b;
    }

    /** This context reading {@code value}. */
    public TestReadContext withSplit(ReadSplit value) {
        return toBuilder().split(value).build();
    }

    @Override
    public BufferAllocator allocator() {
        return allocator;
    }

    @Override
    public AssetDefinition asset() {
        return asset;
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public String runId() {
        return runId;
    }

    @Override
    public ReadSplit split() {
        return split;
    }

    @Override
    public int parallelism() {
        return parallelism;
    }

    @Override
    public long targetSplitBytes() {
        return targetSplitBytes;
    }

    @Override
    public boolean cancelled() {
        return cancelled.getAsBoolean();
    }

    @Override
    public Optional<StateRecord> committedState(String object) {
        Map<String, Object> values = committed.get(object);
        return values == null ? Optional.empty() : Optional.of(new StateRecord(
                new StateKey("test-tenant", "test-job", object), values, "earlier-run", Instant.EPOCH, null));
    }

    @Override
    public void proposeState(String object, Map<String, Object> values) {
        proposed.put(object, Collections.unmodifiableMap(new LinkedHashMap<>(values)));
    }

    /** The last state the reader proposed for each object. */
    public Map<String, Map<String, Object>> proposedStates() {
        return Map.copyOf(proposed);
    }

    /** The last state the reader proposed for {@code object}, if any. */
    public Optional<Map<String, Object>> proposedState(String object) {
        return Optional.ofNullable(proposed.get(object));
    }

    /** Collects a read context's settings; unset ones take the pipeline's defaults. */
    public static final class Builder {
        private BufferAllocator allocator;
        private AssetDefinition asset;
        private int batchSize = 1000;
        private String runId = "test-run";
        private ReadSplit split = ReadSplit.whole();
        private int parallelism = 1;
        private long targetSplitBytes = 128L << 20;
        private final Map<String, Map<String, Object>> committed = new LinkedHashMap<>();
        private BooleanSupplier cancelled = () -> false;

        private Builder() {
        }

        /** The allocator of the batches' vectors. */
        public Builder allocator(BufferAllocator value) {
            this.allocator = value;
            return this;
        }

        /** The data contract. */
        public Builder asset(AssetDefinition value) {
            this.asset = value;
            return this;
        }

        /** Rows per batch; 1000 unless set. */
        public Builder batchSize(int value) {
            this.batchSize = value;
            return this;
        }

        /** The run's identifier. */
        public Builder runId(String value) {
            this.runId = value;
            return this;
        }

        /** The split to read; the whole source unless set. */
        public Builder split(ReadSplit value) {
            this.split = value;
            return this;
        }

        /** Splits read at once. */
        public Builder parallelism(int value) {
            this.parallelism = value;
            return this;
        }

        /** Bytes of input a split should cover. */
        public Builder targetSplitBytes(long value) {
            this.targetSplitBytes = value;
            return this;
        }

        /** The state a previous run committed for {@code object}. */
        public Builder committedState(String object, Map<String, Object> values) {
            committed.put(object, Collections.unmodifiableMap(new LinkedHashMap<>(values)));
            return this;
        }

        /** Whether the run is being stopped, asked each time the reader checks. */
        public Builder cancelled(BooleanSupplier value) {
            this.cancelled = Objects.requireNonNull(value, "cancelled");
            return this;
        }

        /** The context. */
        public TestReadContext build() {
            return new TestReadContext(this);
        }
    }
}
