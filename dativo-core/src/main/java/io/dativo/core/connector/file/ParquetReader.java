package io.dativo.core.connector.file;

import io.dativo.api.BaseReader;
import io.dativo.api.BatchSink;
import io.dativo.api.ConnectionCheck;
import io.dativo.api.DiscoveredObject;
import io.dativo.api.ReadContext;
import io.dativo.api.ReadSplit;
import io.dativo.api.SourceBatch;
import io.dativo.api.SourceConfig;
import io.dativo.api.SplitPlan;
import io.dativo.api.StateRecord;
import io.dativo.api.io.InputFile;
import io.dativo.core.storage.SourceFiles;
import io.dativo.core.format.ParquetBatchReader;
import io.dativo.core.storage.LocalFileIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Reads Parquet files ({@code source_connector: parquet}): the same {@code files} list as CSV and JSON Lines, with
 * globs and the {@code file_modified_time} incremental strategy. Only the contract's columns are read; see
 * {@link ParquetBatchReader} for how Parquet types become contract types. Engine option: {@code batch_size}.
 *
 * <p>Planning: files are grouped into splits of up to the run's target split size; a file larger than that with
 * several row groups is cut into splits of consecutive row groups. A split's properties carry
 * {@code file.N}, {@code label.N}, {@code object.N} and, for part of a file, {@code row_groups.N} ({@code FIRST-END},
 * end exclusive). The plan carries the incremental state of all the files it covers.
 */
public final class ParquetReader implements BaseReader {

    private final LocalFileIO io = new LocalFileIO();
    private SourceConfig source;

    @Override
    public Set<String> connectorTypes() {
        return Set.of("parquet");
    }

    @Override
    public void open(SourceConfig source) {
        this.source = source;
    }

    private InputFile input(Path p) {
        return io.newInputFile(p.toString());
    }

    /** Every named file must exist and have a readable Parquet footer; a glob may match nothing. */
    @Override
    public ConnectionCheck checkConnection() {
        try {
            List<SourceFiles.Entry> files = SourceFiles.expand(source);
            for (SourceFiles.Entry e : files) {
                if (!Files.isReadable(e.path())) {
                    return ConnectionCheck.failed("NOT_READABLE", "cannot read " + e.path());
                }
                ParquetBatchReader.rowGroups(input(e.path()));
            }
            return ConnectionCheck.ok(files.size() + " Parquet file(s) readable");
        } catch (IOException | RuntimeException e) {
            return ConnectionCheck.failed("NOT_FOUND", e.getMessage());
        }
    }

    /** The row counts in the files' footers. */
    @Override
    public OptionalLong totalRecordsEstimate() {
        if (source.incremental() != null) {
            return OptionalLong.empty();
        }
        try {
            long rows = 0;
            for (SourceFiles.Entry e : SourceFiles.expand(source)) {
                for (ParquetBatchReader.RowGroup g : ParquetBatchReader.rowGroups(input(e.path()))) {
                    rows += g.rows();
                }
            }
            return OptionalLong.of(rows);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** Each file with its flat columns, typed from the Parquet schema. */
    @Override
    public List<DiscoveredObject> discover() throws IOException {
        List<DiscoveredObject> out = new ArrayList<>();
        for (SourceFiles.Entry e : SourceFiles.expand(source)) {
            out.add(new DiscoveredObject(e.object(),
                    ParquetBatchReader.fieldsOf(ParquetBatchReader.schema(input(e.path())))));
        }
        return out;
    }

    @Override
    public SplitPlan planSplits(ReadContext context) throws Exception {
        StateCapture capture = new StateCapture(context);
        ModifiedTimeCursor progress = new ModifiedTimeCursor(source, capture);
        List<SourceFiles.Entry> files = progress.select();
        long target = Math.max(1, context.targetSplitBytes());
        List<ReadSplit> splits = new ArrayList<>();
        Map<String, String> group = new LinkedHashMap<>();
        int inGroup = 0;
        long groupBytes = 0;
        for (SourceFiles.Entry e : files) {
            long size = Files.size(e.path());
            if (size > target) {
                List<ParquetBatchReader.RowGroup> rowGroups = ParquetBatchReader.rowGroups(input(e.path()));
                if (rowGroups.size() > 1) {
                    int first = 0;
                    long bytes = 0;
                    for (int g = 0; g < rowGroups.size(); g++) {
                        if (g > first && bytes + rowGroups.get(g).bytes() > target) {
                            splits.add(split(splits.size(), e, first + "-" + g));
                            first = g;
                            bytes = 0;
                        }
                        bytes += rowGroups.get(g).bytes();
                    }
                    splits.add(split(splits.size(), e, first + "-" + rowGroups.size()));
                    progress.done(e);
                    continue;
                }
            }
            if (inGroup > 0 && groupBytes + size > target) {
                splits.add(new ReadSplit(splitId(splits.size()), group));
                group = new LinkedHashMap<>();
                inGroup = 0;
                groupBytes = 0;
            }
            put(group, inGroup++, e, null);
            groupBytes += size;
            progress.done(e);
        }
        if (inGroup > 0) {
            splits.add(new ReadSplit(splitId(splits.size()), group));
        }
        return new SplitPlan(splits, capture.proposed);
    }

    private static String splitId(int n) {
        return String.format("parquet-%05d", n);
    }

    private static ReadSplit split(int n, SourceFiles.Entry e, String rowGroups) {
        Map<String, String> p = new LinkedHashMap<>();
        put(p, 0, e, rowGroups);
        return new ReadSplit(splitId(n), p);
    }

    private static void put(Map<String, String> p, int i, SourceFiles.Entry e, String rowGroups) {
        p.put("file." + i, e.path().toString());
        p.put("label." + i, e.label());
        p.put("object." + i, e.object());
        if (rowGroups != null) {
            p.put("row_groups." + i, rowGroups);
        }
    }

    @Override
    public void extract(ReadContext context, BatchSink sink) throws Exception {
        ReadSplit split = context.split();
        if (split.isWhole()) {
            ModifiedTimeCursor progress = new ModifiedTimeCursor(source, context);
            for (SourceFiles.Entry e : progress.select()) {
                if (context.cancelled()) {
                    return;
                }
                read(e, 0, Integer.MAX_VALUE, context, sink);
                if (!context.cancelled()) {
                    progress.done(e);
                }
            }
            return;
        }
        // A planned split: its state is the plan's, so nothing is proposed here.
        for (int i = 0; split.property("file." + i) != null; i++) {
            if (context.cancelled()) {
                return;
            }
            SourceFiles.Entry e = new SourceFiles.Entry(Path.of(split.property("file." + i)),
                    split.property("label." + i), split.property("object." + i));
            String range = split.property("row_groups." + i);
            int first = 0;
            int end = Integer.MAX_VALUE;
            if (range != null) {
                int dash = range.indexOf('-');
                first = Integer.parseInt(range.substring(0, dash));
                end = Integer.parseInt(range.substring(dash + 1));
            }
            read(e, first, end, context, sink);
        }
    }

    private void read(SourceFiles.Entry e, int firstGroup, int endGroup, ReadContext context, BatchSink sink)
            throws Exception {
        BufferAllocator allocator = context.allocator();
        try (ParquetBatchReader reader = new ParquetBatchReader(input(e.path()), e.label(), e.object(),
                context.asset(), allocator, context.batchSize(), firstGroup, endGroup)) {
            SourceBatch batch;
            while (!context.cancelled() && (batch = reader.next()) != null) {
                try {
                    sink.accept(batch);
                } catch (Exception | Error ex) {
                    batch.root().close();
                    throw ex;
                }
            }
        }
    }

    /** A context that keeps the last state proposed for each object instead of passing it on. */
    private static final class StateCapture implements ReadContext {
        private final ReadContext inner;
        final Map<String, Map<String, Object>> proposed = new LinkedHashMap<>();

        StateCapture(ReadContext inner) {
            this.inner = inner;
        }

        @Override
        public BufferAllocator allocator() {
            return inner.allocator();
        }

        @Override
        public io.dativo.api.AssetDefinition asset() {
            return inner.asset();
        }

        @Override
        public int batchSize() {
            return inner.batchSize();
        }

        @Override
        public String runId() {
            return inner.runId();
        }

        @Override
        public Optional<StateRecord> committedState(String object) {
            return inner.committedState(object);
        }

        @Override
        public void proposeState(String object, Map<String, Object> values) {
            proposed.put(object, values);
        }
    }
}
