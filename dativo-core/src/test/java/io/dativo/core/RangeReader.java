package io.dativo.core;

import io.dativo.api.BaseReader;
import io.dativo.api.BatchSink;
import io.dativo.api.ReadContext;
import io.dativo.api.ReadSplit;
import io.dativo.api.SourceBatch;
import io.dativo.api.SourceConfig;
import io.dativo.api.SplitPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A test reader of the ids {@code 0..total-1} in batches of 100, planned as {@code splits} ranges; each split
 * proposes the highest id it read. Its faults are set per instance by the supplier that makes it.
 */
final class RangeReader implements BaseReader {

    /**
     * How the reader behaves.
     *
     * @param total           ids in all
     * @param splits          ranges planned; 1 reads the whole source as one split
     * @param failingSplit    the split that fails after two batches, or null
     * @param batchDelayMillis pause before each batch
     * @param endless         keeps reading (from the split's start again) until cancelled
     * @param stuck           when not null, the reader hands over one batch, then waits for this latch and
     *                        ignores interrupts and cancellation while it waits
     */
    record Behaviour(int total, int splits, String failingSplit, long batchDelayMillis, boolean endless,
                     CountDownLatch stuck) {
        static Behaviour of(int total, int splits) {
            return new Behaviour(total, splits, null, 0, false, null);
        }
    }

    private final Behaviour behaviour;

    RangeReader(Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    @Override
    public void open(SourceConfig source) {
    }

    @Override
    public SplitPlan planSplits(ReadContext context) {
        if (behaviour.splits() == 1) {
            return SplitPlan.whole();
        }
        List<ReadSplit> splits = new ArrayList<>();
        int size = behaviour.total() / behaviour.splits();
        for (int s = 0; s < behaviour.splits(); s++) {
            int to = s == behaviour.splits() - 1 ? behaviour.total() : (s + 1) * size;
            splits.add(new ReadSplit("range-" + s, Map.of("from", String.valueOf(s * size), "to",
                    String.valueOf(to))));
        }
        return SplitPlan.of(splits);
    }

    @Override
    public void extract(ReadContext context, BatchSink sink) throws Exception {
        ReadSplit split = context.split();
        long from = split.isWhole() ? 0 : Long.parseLong(split.property("from"));
        long to = split.isWhole() ? behaviour.total() : Long.parseLong(split.property("to"));
        int batches = 0;
        long id = from;
        while (id < to) {
            if (behaviour.batchDelayMillis() > 0) {
                Thread.sleep(behaviour.batchDelayMillis());
            }
            if (split.id().equals(behaviour.failingSplit()) && batches == 2) {
                throw new IllegalStateException("split " + split.id() + " lost its connection");
            }
            long end = Math.min(to, id + 100);
            sink.accept(batch(context, id, end));
            batches++;
            id = end;
            if (behaviour.stuck() != null) {
                awaitIgnoringInterrupts(behaviour.stuck());
                return;
            }
            if (behaviour.endless() && id >= to && !context.cancelled()) {
                id = from;
            }
        }
        context.proposeState("ids", Map.of("max", to - 1));
    }

    private static SourceBatch batch(ReadContext context, long from, long to) {
        BigIntVector ids = new BigIntVector("id", context.allocator());
        int n = (int) (to - from);
        ids.allocateNew(n);
        for (int i = 0; i < n; i++) {
            ids.set(i, from + i);
        }
        ids.setValueCount(n);
        VectorSchemaRoot root = VectorSchemaRoot.of(ids);
        root.setRowCount(n);
        return SourceBatch.of(root, "ids", "range");
    }

    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException ignored) {
                // this reader models one that does not honour interrupts
            }
        }
    }
}
