package io.dativo.core.connector.file;

import io.dativo.api.BatchSink;
import io.dativo.api.ConnectionCheck;
import io.dativo.api.DiscoveredObject;
import io.dativo.api.ReadContext;
import io.dativo.api.SourceBatch;
import io.dativo.api.io.InputFile;
import io.dativo.core.format.ParquetBatchReader;
import io.dativo.core.storage.SourceFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads Parquet files ({@code source_connector: parquet}): the same {@code files} list as CSV and JSON Lines, with
 * globs and the {@code file_modified_time} incremental strategy. Only the contract's columns are read; see
 * {@link ParquetBatchReader} for how Parquet types become contract types. Engine option: {@code batch_size}.
 *
 * <p>A file larger than its part size (see {@link FileSourceReader#planSplits}) with several row groups is cut into
 * parts of consecutive row groups, each a split of its own; a part reads the row groups that start inside its byte
 * range.
 */
public final class ParquetReader extends FileSourceReader {

    @Override
    public Set<String> connectorTypes() {
        return Set.of("parquet");
    }

    @Override
    protected List<FilePart> parts(SourceFiles.Entry file, long targetBytes) throws IOException {
        if (file.size() <= targetBytes) {
            return List.of(FilePart.whole(file));
        }
        List<ParquetBatchReader.RowGroup> groups = ParquetBatchReader.rowGroups(inputFile(file.location()));
        if (groups.size() < 2) {
            return List.of(FilePart.whole(file));
        }
        List<FilePart> parts = new ArrayList<>();
        long start = 0;
        long bytes = 0;
        for (int g = 0; g < groups.size(); g++) {
            if (g > 0 && bytes + groups.get(g).bytes() > targetBytes) {
                long end = groups.get(g).offset();
                parts.add(new FilePart(file, start, end - start));
                start = end;
                bytes = 0;
            }
            bytes += groups.get(g).bytes();
        }
        parts.add(new FilePart(file, start, file.size() - start));
        return parts;
    }

    @Override
    protected void read(FilePart part, InputFile file, ReadContext context, BatchSink sink) throws Exception {
        int first = 0;
        int end = Integer.MAX_VALUE;
        if (!part.isWhole()) {
            List<ParquetBatchReader.RowGroup> groups = ParquetBatchReader.rowGroups(file);
            first = groups.size();
            end = 0;
            for (ParquetBatchReader.RowGroup g : groups) {
                if (g.offset() >= part.start() && g.offset() < part.start() + part.length()) {
                    first = Math.min(first, g.index());
                    end = Math.max(end, g.index() + 1);
                }
            }
            if (end <= first) {
                return;
            }
        }
        SourceFiles.Entry e = part.file();
        try (ParquetBatchReader reader = new ParquetBatchReader(file, e.label(), e.object(), context.asset(),
                context.allocator(), context.batchSize(), first, end)) {
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

    /** Every named file must exist and have a readable Parquet footer; a glob may match nothing. */
    @Override
    public ConnectionCheck checkConnection() {
        try {
            List<SourceFiles.Entry> files = files();
            for (SourceFiles.Entry e : files) {
                ParquetBatchReader.rowGroups(inputFile(e.location()));
            }
            return ConnectionCheck.ok(files.size() + " Parquet file(s) readable");
        } catch (IOException | RuntimeException e) {
            return ConnectionCheck.failed("NOT_READABLE", e.getMessage());
        }
    }

    /** The row counts in the files' footers. */
    @Override
    public OptionalLong totalRecordsEstimate() {
        if (source().incremental() != null) {
            return OptionalLong.empty();
        }
        try {
            long rows = 0;
            for (SourceFiles.Entry e : files()) {
                for (ParquetBatchReader.RowGroup g : ParquetBatchReader.rowGroups(inputFile(e.location()))) {
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
        for (SourceFiles.Entry e : files()) {
            out.add(new DiscoveredObject(e.object(),
                    ParquetBatchReader.fieldsOf(ParquetBatchReader.schema(inputFile(e.location())))));
        }
        return out;
    }
}
