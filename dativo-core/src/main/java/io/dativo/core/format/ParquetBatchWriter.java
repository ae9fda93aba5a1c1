package io.dativo.core.format;

import io.dativo.api.AssetDefinition;
import io.dativo.api.io.OutputFile;
import io.dativo.api.io.PendingFile;
import io.dativo.api.FieldSpec;
import io.dativo.core.internal.Preloader;
import io.dativo.core.vector.TextColumn;
import io.dativo.core.vector.Validity;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.column.statistics.DoubleStatistics;
import org.apache.parquet.column.statistics.FloatStatistics;
import org.apache.parquet.column.statistics.IntStatistics;
import org.apache.parquet.column.statistics.LongStatistics;
import org.apache.parquet.column.statistics.SizeStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Writes Arrow batches to a Parquet file with parquet-java's file writer, through an {@link OutputFile} of any
 * {@link io.dativo.api.io.FileIO}. Row groups are cut at {@code rowGroupBytes}, checked as parquet-java's own record
 * writer does. Columns may carry field ids (the Parquet {@code field_id} that Apache Iceberg maps columns by). Once
 * closed, the writer reports each column's value count, null count, compressed size and bounds, read from the
 * footer parquet-java wrote.
 *
 * <p>Each column of a row group is written one of two ways, decided from the first rows the group receives. A
 * column where at most half of the sampled values are distinct, or whose type has no plain path here, goes
 * through parquet-java's column writers, which try dictionary encoding. The other columns of numeric and text
 * types would lose their dictionary after the first page anyway; their pages are encoded here in bulk, plain, a
 * batch at a time (definition levels, values, statistics), and handed to parquet-java's page store, which
 * compresses them and keeps the column and offset indexes. Both ways produce V1 data pages with RLE definition
 * levels.
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
    /** Limits of a page written here, as parquet-java's defaults limit its own. */
    static final int PAGE_ROWS = ParquetProperties.DEFAULT_PAGE_ROW_COUNT_LIMIT;
    static final int PAGE_BYTES = ParquetProperties.DEFAULT_PAGE_SIZE;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** How a column's values are read from its batch arrays and written. */
    private enum Kind { INT32, INT64, FLOAT, DOUBLE, TEXT, OTHER }

    private final MessageType schema;
    private final ParquetProperties props;
    private final BytesInputCompressor compressor;
    private final ParquetOutput output;
    private final ParquetFileWriter file;
    private final long rowGroupBytes;
    private final Map<String, String> metadata;
    private final Column[] columns;
    private final boolean nativePages;
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
        this.columns = new Column[descriptors.size()];
        for (int c = 0; c < columns.length; c++) {
            columns[c] = new Column(descriptors.get(c));
        }
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
            for (Column col : columns) {
                if (col.pageWriter != null) {
                    col.append(rows, i, end);
                }
            }
            if (columnStore != null) {
                for (int k = i; k < end; k++) {
                    int row = rows == null ? k : rows[k];
                    for (Column col : columns) {
                        if (col.writer != null) {
                            col.write(row);
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
        pageStore = new ColumnChunkPageWriteStore(compressor, schema, props.getAllocator(),
                props.getColumnIndexTruncateLength(), props.getPageWriteChecksumEnabled());
        ParquetProperties.Builder viaParquet = ParquetProperties.copy(props);
        List<Type> viaParquetFields = new ArrayList<>();
        for (Column col : columns) {
            boolean dictionary = col.dictionaryPays(rows, from, to);
            if (nativePages && !dictionary && col.kind != Kind.OTHER) {
                col.startPlain(pageStore.getPageWriter(col.descriptor));
            } else {
                col.pageWriter = null;
                viaParquetFields.add(schema.getType(col.descriptor.getPath()[0]));
                if (!dictionary) {
                    viaParquet.withDictionaryEncoding(col.descriptor.getPath()[0], false);
                }
            }
        }
        columnStore = null;
        if (!viaParquetFields.isEmpty()) {
            MessageType subset = new MessageType(schema.getName(), viaParquetFields);
            columnStore = viaParquet.build().newColumnWriteStore(subset, pageStore, pageStore);
        }
        for (Column col : columns) {
            col.writer = col.pageWriter == null ? columnStore.getColumnWriter(col.descriptor) : null;
        }
        rowsInGroup = 0;
    }

    private long bufferedBytes() {
        long bytes = columnStore == null ? 0 : columnStore.getBufferedSize();
        for (Column col : columns) {
            if (col.pageWriter != null) {
                bytes += col.pageWriter.getMemSize() + col.size;
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
            for (Column col : columns) {
                if (col.pageWriter != null) {
                    col.flushPage();
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
        }
        PendingFile pending = output.pending();
        written = new Written(pending, records, pending.size(), ParquetStats.of(file.getFooter()));
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
            // the buffers are heap memory; the staged file is what must not be lost track of
        }
        return output.closeQuietly();
    }

    /** Writes one present value of a column through parquet-java, for the types read straight from Arrow. */
    @FunctionalInterface
    private interface Emitter {
        void emit(ColumnWriter w, int row);
    }

    private static Emitter emitter(FieldVector v) {
        if (v instanceof BitVector x) {
            return (w, r) -> w.write(x.get(r) == 1, 0, 1);
        }
        if (v instanceof DecimalVector x) {
            return (w, r) -> {
                byte[] le = new byte[16];
                x.getDataBuffer().getBytes((long) r * DecimalVector.TYPE_WIDTH, le);
                byte[] be = new byte[16];
                for (int i = 0; i < 16; i++) {
                    be[i] = le[15 - i];
                }
                w.write(Binary.fromConstantByteArray(be), 0, 1);
            };
        }
        if (v instanceof VarBinaryVector x) {
            return (w, r) -> w.write(Binary.fromConstantByteArray(x.get(r)), 0, 1);
        }
        throw new IllegalArgumentException("no Parquet mapping for Arrow vector " + v.getField());
    }

    /** How the values of a Parquet column are read from a validated batch: by its physical and logical type. */
    private static Kind kind(ColumnDescriptor column) {
        PrimitiveType type = column.getPrimitiveType();
        return switch (type.getPrimitiveTypeName()) {
            case INT64 -> Kind.INT64;
            case INT32 -> Kind.INT32;
            case DOUBLE -> Kind.DOUBLE;
            case FLOAT -> Kind.FLOAT;
            case BINARY -> type.getLogicalTypeAnnotation() == null ? Kind.OTHER : Kind.TEXT;
            default -> Kind.OTHER;
        };
    }

    private static long hashBytes(byte[] b, int start, int length) {
        long h = 0xcbf29ce484222325L;
        for (int i = start; i < start + length; i++) {
            h = (h ^ b[i]) * 0x100000001b3L;
        }
        return h;
    }

    /**
     * One column: its current batch copied into arrays (validity bits, fixed-width values or text), the way it
     * is written in the current row group, and the page being built when it is written plain.
     */
    private static final class Column {

        final ColumnDescriptor descriptor;
        final Kind kind;
        FieldVector vector;
        private final Validity validity = new Validity();
        /** The validity of the current batch: the text column's own for text, else {@link #validity}. */
        private Validity presence;
        byte[] data = new byte[0];
        int width;
        final TextColumn text = new TextColumn();
        Emitter emitter;

        ColumnWriter writer;
        PageWriter pageWriter;

        byte[] values = new byte[1 << 16];
        int size;
        int rows;
        int nulls;
        final byte[] defined = new byte[PAGE_ROWS];
        long min;
        long max;
        int minAt;
        int minLength;
        int maxAt;
        int maxLength;
        long unencodedBytes;
        Statistics<?> stats;

        Column(ColumnDescriptor descriptor) {
            this.descriptor = descriptor;
            this.kind = kind(descriptor);
        }

        void load(FieldVector v, int rowCount) {
            vector = v;
            if (v instanceof VarCharVector x) {
                presence = text.load(x, rowCount).validity();
            } else {
                presence = validity.load(v, rowCount);
            }
            if (v instanceof BaseFixedWidthVector f && !(v instanceof BitVector)) {
                width = f.getTypeWidth();
                int bytes = rowCount * width;
                if (data.length < bytes) {
                    data = new byte[Math.max(bytes, data.length * 2)];
                }
                f.getDataBuffer().getBytes(0, data, 0, bytes);
            }
            emitter = kind == Kind.OTHER ? emitter(v) : null;
        }

        boolean present(int row) {
            return presence.present(row);
        }

        /** Whether a dictionary looks worth it, judged by the values in rows {@code from..to}. */
        boolean dictionaryPays(int[] rows, int from, int to) {
            if (vector instanceof BitVector) {
                return true;
            }
            Set<Long> distinct = new HashSet<>();
            int seen = 0;
            for (int i = from; i < to; i++) {
                int row = rows == null ? i : rows[i];
                if (present(row)) {
                    seen++;
                    distinct.add(hash(row));
                }
            }
            return seen < MIN_DICTIONARY_SAMPLE || distinct.size() * 2 <= seen;
        }

        /** A 64-bit hash of one present value; equal values hash alike. */
        private long hash(int row) {
            if (kind == Kind.TEXT) {
                return hashBytes(text.data(), text.start(row), text.length(row));
            }
            if (vector instanceof VarBinaryVector x) {
                byte[] bytes = x.get(row);
                return hashBytes(bytes, 0, bytes.length);
            }
            int at = row * width;
            return switch (width) {
                case 4 -> (int) INT.get(data, at);
                case 8 -> (long) LONG.get(data, at);
                default -> (long) LONG.get(data, at) * 0x9E3779B97F4A7C15L + (long) LONG.get(data, at + 8);
            };
        }

        /** Writes one row through parquet-java's column writer. */
        void write(int row) {
            if (!present(row)) {
                writer.writeNull(0, 0);
                return;
            }
            switch (kind) {
                case INT64 -> writer.write((long) LONG.get(data, row * width), 0, 1);
                case INT32 -> writer.write((int) INT.get(data, row * width), 0, 1);
                case DOUBLE -> writer.write(Double.longBitsToDouble((long) LONG.get(data, row * width)), 0, 1);
                case FLOAT -> writer.write(Float.intBitsToFloat((int) INT.get(data, row * width)), 0, 1);
                case TEXT -> writer.write(Binary.fromReusedByteArray(text.data(), text.start(row), text.length(row)),
                        0, 1);
                default -> emitter.emit(writer, row);
            }
        }

        void startPlain(PageWriter pages) {
            pageWriter = pages;
            startPage();
        }

        private void startPage() {
            size = 0;
            rows = 0;
            nulls = 0;
            min = Long.MAX_VALUE;
            max = Long.MIN_VALUE;
            minAt = -1;
            maxAt = -1;
            unencodedBytes = 0;
            stats = Statistics.createStats(descriptor.getPrimitiveType());
        }

        private void ensure(int more) {
            if (size + more > values.length) {
                values = Arrays.copyOf(values, Math.max(size + more, values.length * 2));
            }
        }

        /** Appends rows {@code from..to} to the page, writing out each page that fills. */
        void append(int[] selection, int from, int to) throws IOException {
            for (int i = from; i < to; i++) {
                int row = selection == null ? i : selection[i];
                if (!present(row)) {
                    defined[rows++] = 0;
                    nulls++;
                } else {
                    defined[rows++] = 1;
                    switch (kind) {
                        case INT64 -> {
                            long v = (long) LONG.get(data, row * width);
                            min = Math.min(min, v);
                            max = Math.max(max, v);
                            putLong(v);
                        }
                        case INT32 -> {
                            int v = (int) INT.get(data, row * width);
                            min = Math.min(min, v);
                            max = Math.max(max, v);
                            putInt(v);
                        }
                        case DOUBLE -> {
                            long bits = (long) LONG.get(data, row * width);
                            ((DoubleStatistics) stats).updateStats(Double.longBitsToDouble(bits));
                            putLong(bits);
                        }
                        case FLOAT -> {
                            int bits = (int) INT.get(data, row * width);
                            ((FloatStatistics) stats).updateStats(Float.intBitsToFloat(bits));
                            putInt(bits);
                        }
                        default -> appendText(text.start(row), text.length(row));
                    }
                }
                if (rows == PAGE_ROWS || size >= PAGE_BYTES) {
                    flushPage();
                }
            }
        }

        private void putLong(long v) {
            ensure(8);
            LONG.set(values, size, v);
            size += 8;
        }

        private void putInt(int v) {
            ensure(4);
            INT.set(values, size, v);
            size += 4;
        }

        private void appendText(int start, int length) {
            putInt(length);
            ensure(length);
            int at = size;
            System.arraycopy(text.data(), start, values, at, length);
            size = at + length;
            unencodedBytes += length;
            if (minAt < 0 || Arrays.compareUnsigned(values, at, at + length, values, minAt, minAt + minLength) < 0) {
                minAt = at;
                minLength = length;
            }
            if (maxAt < 0 || Arrays.compareUnsigned(values, at, at + length, values, maxAt, maxAt + maxLength) > 0) {
                maxAt = at;
                maxLength = length;
            }
        }

        /** Hands the page built so far to the page store: RLE definition levels, then the plain values. */
        void flushPage() throws IOException {
            if (rows == 0) {
                return;
            }
            stats.incrementNumNulls(nulls);
            if (rows > nulls) {
                switch (kind) {
                    case INT64 -> {
                        ((LongStatistics) stats).updateStats(min);
                        ((LongStatistics) stats).updateStats(max);
                    }
                    case INT32 -> {
                        ((IntStatistics) stats).updateStats((int) min);
                        ((IntStatistics) stats).updateStats((int) max);
                    }
                    case TEXT -> {
                        stats.updateStats(Binary.fromConstantByteArray(
                                Arrays.copyOfRange(values, minAt, minAt + minLength)));
                        stats.updateStats(Binary.fromConstantByteArray(
                                Arrays.copyOfRange(values, maxAt, maxAt + maxLength)));
                    }
                    default -> {
                    }
                }
            }
            SizeStatistics sizes = new SizeStatistics(descriptor.getPrimitiveType(),
                    kind == Kind.TEXT ? unencodedBytes : 0, List.of(), List.of());
            if (nulls == 0) {
                BytesInput levels = BytesInput.concat(BytesInput.fromUnsignedVarInt(rows << 1),
                        BytesInput.from(new byte[]{1}));
                writePage(levels, sizes);
            } else {
                try (RunLengthBitPackingHybridEncoder levels = new RunLengthBitPackingHybridEncoder(1, 1024,
                        PAGE_BYTES, HeapByteBufferAllocator.getInstance())) {
                    for (int r = 0; r < rows; r++) {
                        levels.writeInt(defined[r]);
                    }
                    writePage(levels.toBytes(), sizes);
                }
            }
            startPage();
        }

        /** Repetition levels are declared BIT_PACKED (and are empty), as parquet-java's own V1 pages declare them. */
        @SuppressWarnings("deprecation")
        private void writePage(BytesInput levels, SizeStatistics sizes) throws IOException {
            BytesInput page = BytesInput.concat(BytesInput.fromInt((int) levels.size()), levels,
                    BytesInput.from(values, 0, size));
            pageWriter.writePage(page, rows, rows, stats, sizes, null, Encoding.BIT_PACKED, Encoding.RLE,
                    Encoding.PLAIN);
        }
    }
}
