package io.dativo.testkit;

import io.dativo.api.AssetDefinition;
import io.dativo.api.BaseReader;
import io.dativo.api.BatchSink;
import io.dativo.api.ReadContext;
import io.dativo.api.SourceBatch;
import io.dativo.api.SourceConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One extraction as the pipeline's sink sees it: the records as text, each batch's schema and row count, and what
 * happened after the run was stopped. The sink takes ownership of every batch and closes it, as the pipeline does.
 */
final class Extraction implements BatchSink {

    /** What the sink does on the first batch, to put the reader in the situations a pipeline puts it in. */
    enum AtFirstBatch {
        /** Nothing: read to the end. */
        CONTINUE,
        /** Stop the run: {@link ReadContext#cancelled()} turns true. */
        CANCEL,
        /** Fail downstream: the sink throws, as when validation or the writer fails. */
        FAIL
    }

    /** The message of the failure the sink plants. */
    static final String PLANTED = "failure planted by the contract test downstream of the reader";

    private final AssetDefinition asset;
    private final AtFirstBatch atFirstBatch;
    final AtomicBoolean cancelled = new AtomicBoolean();
    final List<Map<String, String>> records = new ArrayList<>();
    final List<Schema> schemas = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    volatile int batches;
    volatile int batchesAfterCancel;

    Extraction(AssetDefinition asset, AtFirstBatch atFirstBatch) {
        this.asset = asset;
        this.atFirstBatch = atFirstBatch;
    }

    @Override
    public void accept(SourceBatch batch) {
        try (VectorSchemaRoot root = batch.root()) {
            if (cancelled.get()) {
                batchesAfterCancel++;
            }
            batches++;
            schemas.add(root.getSchema());
            root.getFieldVectors().forEach(v -> {
                if (v.getValueCount() < root.getRowCount()) {
                    problems.add("column '" + v.getName() + "' holds " + v.getValueCount() + " values in a batch of "
                            + root.getRowCount() + " rows");
                }
            });
            records.addAll(Records.of(asset, root));
        }
        if (batches == 1 && atFirstBatch == AtFirstBatch.CANCEL) {
            cancelled.set(true);
        }
        if (batches == 1 && atFirstBatch == AtFirstBatch.FAIL) {
            throw new IllegalStateException(PLANTED);
        }
    }

    /** Opens {@code reader} on {@code source}, extracts with {@code context} into this sink; never closes it. */
    void run(BaseReader reader, SourceConfig source, ReadContext context) throws Exception {
        reader.open(source);
        reader.extract(context, this);
    }
}
