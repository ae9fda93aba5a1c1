package io.dativo.core.format;

import io.dativo.api.AssetDefinition;
import io.dativo.api.io.OutputFile;
import io.dativo.api.io.PendingFile;
import io.dativo.api.FieldSpec;
import io.dativo.core.internal.Preloader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Writes Arrow batches to a Parquet file with parquet-java's file writer, through an {@link OutputFile} of any
 * {@link io.dativo.api.io.FileIO}. Row groups are cut at {@code rowGroupBytes}, checked as parquet-java's own record
 * writer does. Columns may carry field ids (the Parquet {@code field_id} that Apache Iceberg maps columns by). Once
 * closed, the writer reports each column's value count, null count, compressed size and bounds, read from the
 * footer parquet-java wrote.
 *
 * <p>Each column of a row group is written one of two ways, decided from the first rows the group receives: with
 * a dictionary when at most half of the sampled values are distinct (or too few are sampled to tell), else plain.
 * Columns of numeric and text types are encoded here in bulk, a batch at a time ({@link PlainPages},
 * {@link DictionaryPages}: definition levels, values or dictionary ids, statistics per page), and their pages handed
 * to parquet-java's page store, which compresses them and keeps the column and offset indexes. The other columns go
 * through parquet-java's column writers. Both ways produce V1 data pages with RLE definition levels. The compressed
 * pages of the row group being written wait in native memory ({@link PageMemory}), not on the Java heap, until the
 * group is written out, so the heap a writer needs does not grow with its row group.
 *
 * <p>The pages encoded here can be switched off: with {@code nativePages} false (by default when the system property
 * {@value #NATIVE_PAGES_PROPERTY} is {@code false}), every column goes through parquet-java's column writers, with
 * the same dictionary decision. A test compares the two ways value by value and statistic by statistic.
 */
public final class ParquetBatchWriter implements FormatWriter {

    /** The system property that, set to {@code false}, leaves every column to parquet-java's column writers. */
    public static final String NATIVE_PAGES_PROPERTY = "dativo.parquet.native_pages";

    private static final int MIN_ROWS_FOR_SIZE_CHECK = 100;
    private static final int MAX_ROWS_FOR_SIZE_CHECK = 10_000;
    /** Rows sampled for the dictionary decision: one page's worth by parquet-java's default row limit. */
    static final int DICTIONARY_SAMPLE_ROWS = ParquetProperties.DEFAULT_PAGE_ROW_COUNT_LIMIT;
    /** Fewer sampled values than this say too little; such columns keep parquet-java's own decision. */
    static final int MIN_DICTIONARY_SAMPLE = 1_000;

    private final MessageType schema;
    private final ParquetProperties props;
    private final BytesInputCompressor compressor;
    private final ParquetOutput output;
    private final ParquetFileWriter file;
    private final long rowGroupBytes;
    private final Map<String, String> metadata;
    private final BatchColumn[] columns;
    /** Per column, how it is written in the current row group: pages encoded here, or else parquet-java's writer. */
    private final ColumnPages[] encoded;
    private final ColumnWriter[] viaParquet;
    private final PlainPages[] plainPages;
    private final DictionaryPages[] dictionaryPages;
    private final boolean nativePages;
    /** The native memory of the compressed pages of the row group being written; taken at its first group. */
    private PageMemory pageMemory;
    private ColumnChunkPageWriteStore pageStore;
    private ColumnWriteStore columnStore;
    private long rowsInGroup;
    private long nextSizeCheck = MIN_ROWS_FOR_SIZE_CHECK;
    private long flushedBytes;
    private VectorSchemaRoot current;
    private boolean closed;
    private Written written;
    private long records;

    /**
     * A writer of {@code out} with the schema of {@code asset}, compressed with the codec named {@code compression},
     * row groups cut at about {@code rowGroupBytes}, and {@code keyValueMetadata} in the footer.
     *
     * @param fieldIds column name to Parquet field id, for the columns that have one; may be empty
     */
    public ParquetBatchWriter(OutputFile out, AssetDefinition asset, Map<String, Integer> fieldIds,
            String compression, long rowGroupBytes, Map<String, String> keyValueMetadata) throws IOException {
        this(out, asset, fieldIds, compression, rowGroupBytes, keyValueMetadata,
                !"false".equalsIgnoreCase(System.getProperty(NATIVE_PAGES_PROPERTY)));
    }

    /**
     * As above, with {@code nativePages} saying whether the columns that would not keep a dictionary are encoded
     * here ({@code true}) or by parquet-java's column writers ({@code false}).
     */
    public ParquetBatchWriter(OutputFile out, AssetDefinition asset, Map<String, Integer> fieldIds,
            String compression, long rowGroupBytes, Map<String, String> keyValueMetadata, boolean nativePages)
            throws IOException {
        this.nativePages = nativePages;
        this.schema = schema(asset, fieldIds);
        this.props = ParquetProperties.builder().build();
        this.compressor = new Codecs().getCompressor(Codecs.codec(compression));
        this.rowGroupBytes = rowGroupBytes;
        this.metadata = keyValueMetadata;
        List<ColumnDescriptor> descriptors = schema.getColumns();
        this.columns = new BatchColumn[descriptors.size()];
        for (int c = 0; c < columns.length; c++) {
            columns[c] = new BatchColumn(descriptors.get(c));
        }
        this.encoded = new ColumnPages[columns.length];
        this.viaParquet = new ColumnWriter[columns.length];
        this.plainPages = new PlainPages[columns.length];
        this.dictionaryPages = new DictionaryPages[columns.length];
        this.output = new ParquetOutput(out);
        ParquetFileWriter opened = null;
        try {
            opened = new ParquetFileWriter(output, schema, ParquetFileWriter.Mode.CREATE, rowGroupBytes, 0, null,
                    props);
            opened.start();
        } catch (IOException | RuntimeException e) {
            output.closeQuietly();
            throw e;
        }
        this.file = opened;
    }

    /** Starts initializing parquet-java's writer classes, then its footer classes, in the background. */
    public static void preload() {
        Preloader.initialize("parquet", ParquetFileWriter.class, ColumnChunkPageWriteStore.class,
                ParquetProperties.class, ParquetMetadata.class);
    }

    /** The Parquet schema of a contract: every column optional, with its logical type and field id, if any. */
    static MessageType schema(AssetDefinition asset, Map<String, Integer> fieldIds) {
        List<Type> fields = new ArrayList<>();
        for (FieldSpec f : asset.schema()) {
            Type field = switch (f.type()) {
                case STRING -> Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                        .named(f.name());
                case JSON -> Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.jsonType())
                        .named(f.name());
                case LONG -> Types.optional(PrimitiveTypeName.INT64).named(f.name());
                case FLOAT -> Types.optional(PrimitiveTypeName.FLOAT).named(f.name());
                case DOUBLE -> Types.optional(PrimitiveTypeName.DOUBLE).named(f.name());
                case DECIMAL -> f.precision() <= 18
                        ? Types.optional(PrimitiveTypeName.INT64)
                        .as(LogicalTypeAnnotation.decimalType(f.scale(), f.precision())).named(f.name())
                        : Types.optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY).length(16)
                        .as(LogicalTypeAnnotation.decimalType(f.scale(), f.precision())).named(f.name());
                case BOOLEAN -> Types.optional(PrimitiveTypeName.BOOLEAN).named(f.name());
                case DATE -> Types.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType())
                        .named(f.name());
                case TIMESTAMP -> Types.optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(
                        true, LogicalTypeAnnotation.TimeUnit.MICROS)).named(f.name());
                case TIME -> Types.optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timeType(
                        false, LogicalTypeAnnotation.TimeUnit.MICROS)).named(f.name());
                case BINARY -> Types.optional(PrimitiveTypeName.BINARY).named(f.name());
            };
            Integer id = fieldIds.get(f.name());
            fields.add(id == null ? field : field.withId(id));
        }
        return new MessageType(asset.name() == null ? "record" : asset.name(), fields);
    }

    @Override
    public void write(VectorSchemaRoot root, int[] rows, int count) throws IOException {
        int n = rows == null ? root.getRowCount() : count;
        if (n == 0) {
            return;
        }
        records += n;
        if (root != current) {
            current = root;
            List<FieldVector> vectors = root.getFieldVectors();
            for (int c = 0; c < columns.length; c++) {
                columns[c].load(vectors.get(c), root.getRowCount());
            }
        }
        int i = 0;
        while (i < n) {
            if (pageStore == null) {
                newRowGroup(rows, i, Math.min(n, i + DICTIONARY_SAMPLE_ROWS));
            }
            int end = (int) Math.min(n, i + Math.max(1, nextSizeCheck - rowsInGroup));
            for (ColumnPages pages : encoded) {
                if (pages != null) {
                    pages.append(rows, i, end);
                }
            }
            if (columnStore != null) {
                for (int k = i; k < end; k++) {
                    int row = rows == null ? k : rows[k];
                    for (int c = 0; c < columns.length; c++) {
                        if (viaParquet[c] != null) {
                            columns[c].write(viaParquet[c], row);
                        }
                    }
                    columnStore.endRecord();
                }
            }
            rowsInGroup += end - i;
            i = end;
            if (rowsInGroup >= nextSizeCheck) {
                checkRowGroupSize();
            }
        }
    }

    /** Starts a row group, routing each column by the values in rows {@code from..to} of the current batch. */
    private void newRowGroup(int[] rows, int from, int to) {
        if (pageMemory == null) {
            pageMemory = new PageMemory();
        }
        pageStore = new ColumnChunkPageWriteStore(compressor, schema, pageMemory,
                props.getColumnIndexTruncateLength(), props.getPageWriteChecksumEnabled());
        ParquetProperties.Builder parquetProps = ParquetProperties.copy(props);
        List<Type> viaParquetFields = new ArrayList<>();
        for (int c = 0; c < columns.length; c++) {
            BatchColumn col = columns[c];
            boolean dictionary = col.dictionaryPays(rows, from, to, MIN_DICTIONARY_SAMPLE);
            if (nativePages && col.kind != BatchColumn.Kind.OTHER) {
                encoded[c] = dictionary ? dictionaryPages(c) : plainPages(c);
                encoded[c].start(pageStore.getPageWriter(col.descriptor));
            } else {
                encoded[c] = null;
                viaParquetFields.add(schema.getType(col.descriptor.getPath()[0]));
                if (!dictionary) {
                    parquetProps.withDictionaryEncoding(col.descriptor.getPath()[0], false);
                }
            }
        }
        columnStore = null;
        if (!viaParquetFields.isEmpty()) {
            MessageType subset = new MessageType(schema.getName(), viaParquetFields);
            columnStore = parquetProps.build().newColumnWriteStore(subset, pageStore, pageStore);
        }
        for (int c = 0; c < columns.length; c++) {
            viaParquet[c] = encoded[c] == null ? columnStore.getColumnWriter(columns[c].descriptor) : null;
        }
        rowsInGroup = 0;
    }

    private PlainPages plainPages(int c) {
        if (plainPages[c] == null) {
            plainPages[c] = new PlainPages(columns[c]);
        }
        return plainPages[c];
    }

    private DictionaryPages dictionaryPages(int c) {
        if (dictionaryPages[c] == null) {
            dictionaryPages[c] = new DictionaryPages(columns[c]);
        }
        return dictionaryPages[c];
    }

    private long bufferedBytes() {
        long bytes = columnStore == null ? 0 : columnStore.getBufferedSize();
        for (ColumnPages pages : encoded) {
            if (pages != null) {
                bytes += pages.bufferedBytes();
            }
        }
        return bytes;
    }

    /** Cuts the row group when it nears its size; checks again about halfway to the expected limit. */
    private void checkRowGroupSize() throws IOException {
        long buffered = bufferedBytes();
        long perRow = Math.max(1, buffered / rowsInGroup);
        if (buffered > rowGroupBytes - 2 * perRow) {
            flushRowGroup();
            nextSizeCheck = MIN_ROWS_FOR_SIZE_CHECK;
        } else {
            nextSizeCheck = Math.min((rowsInGroup + rowGroupBytes / perRow) / 2, rowsInGroup + MAX_ROWS_FOR_SIZE_CHECK);
        }
    }

    private void flushRowGroup() throws IOException {
        if (pageStore == null) {
            return;
        }
        if (rowsInGroup > 0) {
            for (ColumnPages pages : encoded) {
                if (pages != null) {
                    pages.endRowGroup();
                }
            }
            file.startBlock(rowsInGroup);
            if (columnStore != null) {
                columnStore.flush();
            }
            pageStore.flushToFileWriter(file);
            file.endBlock();
            flushedBytes = file.getPos();
        }
        if (columnStore != null) {
            columnStore.close();
        }
        pageStore.close();
        pageStore = null;
        columnStore = null;
    }

    @Override
    public long bytes() {
        return flushedBytes + (pageStore == null ? 0 : bufferedBytes());
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            flushRowGroup();
            file.end(metadata);
        } catch (IOException | RuntimeException e) {
            output.closeQuietly();
            throw e;
        } finally {
            freePages();
        }
        PendingFile pending = output.pending();
        written = new Written(pending, records, pending.size(), ParquetStats.of(file.getFooter()));
    }

    /** Native memory held for compressed pages now: the current row group's, and chunks kept for the next. */
    long pageMemoryBytes() {
        return pageMemory == null ? 0 : pageMemory.allocatedBytes();
    }

    private void freePages() {
        if (pageMemory != null) {
            pageMemory.close();
            pageMemory = null;
        }
    }

    @Override
    public Written written() {
        if (written == null) {
            throw new IllegalStateException("the Parquet file is not closed yet");
        }
        return written;
    }

    @Override
    public PendingFile abort() {
        closed = true;
        try {
            if (pageStore != null) {
                if (columnStore != null) {
                    columnStore.close();
                }
                pageStore.close();
                pageStore = null;
            }
        } catch (RuntimeException ignored) {
            // the pages' memory is freed below; the staged file is what must not be lost track of
        }
        freePages();
        return output.closeQuietly();
    }
}
