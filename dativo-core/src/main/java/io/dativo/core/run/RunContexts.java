package io.dativo.core.run;

import io.dativo.api.AssetDefinition;
import io.dativo.api.DativoException;
import io.dativo.api.ErrorKind;
import io.dativo.api.ReadContext;
import io.dativo.api.ReadSplit;
import io.dativo.api.SourceConfig;
import io.dativo.api.StateRecord;
import io.dativo.api.TargetConfig;
import io.dativo.api.WriteContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;

/** The contexts readers and writers get: small values over the attempt's state tracker and cancellation. */
final class RunContexts {

    static final int DEFAULT_BATCH_SIZE = 65_536;

    private RunContexts() {
    }

    /** The rows per batch a source asks for ({@code source.engine.options.batch_size}). */
    static int batchSize(SourceConfig source) {
        Object size = source.engineOptions().get("batch_size");
        if (size == null) {
            return DEFAULT_BATCH_SIZE;
        }
        int n;
        try {
            n = Integer.parseInt(size.toString().trim());
        } catch (NumberFormatException e) {
            throw new DativoException(ErrorKind.CONFIG, "source.engine.options.batch_size must be a whole number, "
                    + "found '" + size + "'", null);
        }
        if (n < 1) {
            throw new DativoException(ErrorKind.CONFIG, "source.engine.options.batch_size must be at least 1", null);
        }
        return n;
    }

    /**
     * What a reader gets for planning or for one split. Proposals are kept here, in the split's own memory, and
     * handed back with the split's outcome.
     */
    static final class Read implements ReadContext {
        private final BufferAllocator allocator;
        private final AssetDefinition asset;
        private final int batchSize;
        private final String runId;
        private final Cancellation cancellation;
        private final StateTracker state;
        private final ReadSplit split;
        private final int parallelism;
        private final long targetSplitBytes;
        private final Map<String, Map<String, Object>> proposals = new LinkedHashMap<>();

        Read(BufferAllocator allocator, AssetDefinition asset, int batchSize, String runId, Cancellation cancellation,
             StateTracker state, ReadSplit split, int parallelism, long targetSplitBytes) {
            this.allocator = allocator;
            this.asset = asset;
            this.batchSize = batchSize;
            this.runId = runId;
            this.cancellation = cancellation;
            this.state = state;
            this.split = split;
            this.parallelism = parallelism;
            this.targetSplitBytes = targetSplitBytes;
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
        public boolean cancelled() {
            return cancellation.isCancelled();
        }

        @Override
        public Optional<StateRecord> committedState(String object) {
            return state.committed(object);
        }

        @Override
        public void proposeState(String object, Map<String, Object> values) {
            if (state.keepsState()) {
                synchronized (proposals) {
                    proposals.put(object, Map.copyOf(values));
                }
            }
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

        /** The last proposal of each object. */
        Map<String, Map<String, Object>> proposals() {
            synchronized (proposals) {
                return new LinkedHashMap<>(proposals);
            }
        }
    }

    /**
     * What a writer gets.
     *
     * @param asset      the contract
     * @param target     the target
     * @param outputBase where the asset's output goes
     * @param tenantId   the tenant
     * @param runId      the run
     * @param runStartedAt when the run started
     * @param allocator  memory for the writer's own buffers
     */
    record Write(AssetDefinition asset, TargetConfig target, String outputBase, String tenantId, String runId,
                 Instant runStartedAt, BufferAllocator allocator) implements WriteContext {
    }
}
