package io.dativo.core;

import io.dativo.api.AssetDefinition;
import io.dativo.api.FieldSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Writes Arrow batches to a Parquet file with parquet-java's file and column writers, each value going straight
 * from its vector to its column writer. Row groups are cut at {@code rowGroupBytes}, checked as parquet-java's own
 * record writer does.
 */
final class ParquetFormat implements FormatWriter {

    private static final int MIN_ROWS_FOR_SIZE_CHECK = 100;
    private static final int MAX_ROWS_FOR_SIZE_CHECK = 10_000;

    private final MessageType schema;
    private final ParquetProperties props;
    private final BytesInputCompressor compressor;
    private final ParquetFileWriter file;
    private final long rowGroupBytes;
    private final Map<String, String> metadata;
    private ColumnChunkPageWriteStore pageStore;
    private ColumnWriteStore columnStore;
    private ColumnWriter[] writers;
    private long rowsInGroup;
    private long nextSizeCheck = MIN_ROWS_FOR_SIZE_CHECK;
    private long flushedBytes;
    private VectorSchemaRoot current;
    private Emitter[] emitters;
    private FieldVector[] vectors;
    private boolean closed;

    ParquetFormat(Path path, AssetDefinition asset, String compression, long rowGroupBytes,
                  Map<String, String> keyValueMetadata) throws IOException {
        this.schema = schema(asset);
        this.props = ParquetProperties.builder().build();
        this.compressor = new Codecs().getCompressor(Codecs.codec(compression));
        this.rowGroupBytes = rowGroupBytes;
        this.metadata = keyValueMetadata;
        this.file = new ParquetFileWriter(new LocalOutputFile(path), schema, ParquetFileWriter.Mode.CREATE,
                rowGroupBytes, 0, null, props);
        file.start();
        newRowGroup();
    }

    /** The Parquet schema of a contract: every column optional, with its logical type. */
    static MessageType schema(AssetDefinition asset) {
        List<Type> fields = new ArrayList<>();
        for (FieldSpec f : asset.schema()) {
            fields.add(switch (f.type()) {
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
            });
        }
        return new MessageType(asset.name() == null ? "record" : asset.name(), fields);
    }

    private void newRowGroup() {
        pageStore = new ColumnChunkPageWriteStore(compressor, schema, props.getAllocator(),
                props.getColumnIndexTruncateLength(), props.getPageWriteChecksumEnabled());
        columnStore = props.newColumnWriteStore(schema, pageStore, pageStore);
        List<ColumnDescriptor> columns = schema.getColumns();
        writers = new ColumnWriter[columns.size()];
        for (int i = 0; i < writers.length; i++) {
            writers[i] = columnStore.getColumnWriter(columns.get(i));
        }
        current = null;
        rowsInGroup = 0;
    }

    private void flushRowGroup() throws IOException {
        if (rowsInGroup > 0) {
            file.startBlock(rowsInGroup);
            columnStore.flush();
            pageStore.flushToFileWriter(file);
            file.endBlock();
            flushedBytes = file.getPos();
        }
        columnStore.close();
        pageStore.close();
    }

    @Override
    public void write(VectorSchemaRoot root, int[] rows, int count) throws IOException {
        int n = rows == null ? root.getRowCount() : count;
        for (int i = 0; i < n; i++) {
            if (root != current) {
                use(root);
            }
            int row = rows == null ? i : rows[i];
            for (int c = 0; c < vectors.length; c++) {
                if (vectors[c].isNull(row)) {
                    writers[c].writeNull(0, 0);
                } else {
                    emitters[c].emit(writers[c], row);
                }
            }
            columnStore.endRecord();
            if (++rowsInGroup >= nextSizeCheck) {
                checkRowGroupSize();
            }
        }
    }

    /** Cuts the row group when it nears its size; checks again about halfway to the expected limit. */
    private void checkRowGroupSize() throws IOException {
        long buffered = columnStore.getBufferedSize();
        long perRow = Math.max(1, buffered / rowsInGroup);
        if (buffered > rowGroupBytes - 2 * perRow) {
            flushRowGroup();
            newRowGroup();
            nextSizeCheck = MIN_ROWS_FOR_SIZE_CHECK;
        } else {
            nextSizeCheck = Math.min((rowsInGroup + rowGroupBytes / perRow) / 2, rowsInGroup + MAX_ROWS_FOR_SIZE_CHECK);
        }
    }

    private void use(VectorSchemaRoot root) {
        current = root;
        vectors = root.getFieldVectors().toArray(new FieldVector[0]);
        emitters = new Emitter[vectors.length];
        if (texts.length < vectors.length) {
            texts = java.util.Arrays.copyOf(texts, vectors.length);
        }
        for (int i = 0; i < vectors.length; i++) {
            if (vectors[i] instanceof VarCharVector x) {
                if (texts[i] == null) {
                    texts[i] = new TextColumn();
                }
                TextColumn t = texts[i].load(x, root.getRowCount());
                emitters[i] = (w, r) -> w.write(Binary.fromReusedByteArray(t.data, t.start(r), t.length(r)), 0, 1);
            } else {
                emitters[i] = emitter(vectors[i]);
            }
        }
    }

    /** Reused per column; parquet-java copies a reused-array value whenever it keeps one. */
    private TextColumn[] texts = new TextColumn[0];

    @Override
    public long bytes() {
        return flushedBytes + columnStore.getBufferedSize();
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
            file.abort();
            throw e;
        }
    }

    /** Writes one present value of one column. */
    @FunctionalInterface
    private interface Emitter {
        void emit(ColumnWriter w, int row);
    }

    private static Emitter emitter(FieldVector v) {
        if (v instanceof BigIntVector x) {
            return (w, r) -> w.write(x.get(r), 0, 1);
        }
        if (v instanceof Float8Vector x) {
            return (w, r) -> w.write(x.get(r), 0, 1);
        }
        if (v instanceof Float4Vector x) {
            return (w, r) -> w.write(x.get(r), 0, 1);
        }
        if (v instanceof BitVector x) {
            return (w, r) -> w.write(x.get(r) == 1, 0, 1);
        }
        if (v instanceof DateDayVector x) {
            return (w, r) -> w.write(x.get(r), 0, 1);
        }
        if (v instanceof TimeStampMicroTZVector x) {
            return (w, r) -> w.write(x.get(r), 0, 1);
        }
        if (v instanceof TimeMicroVector x) {
            return (w, r) -> w.write(x.get(r), 0, 1);
        }
        if (v instanceof DecimalVector x) {
            if (x.getPrecision() <= 18) {
                return (w, r) -> w.write(x.getDataBuffer().getLong((long) r * DecimalVector.TYPE_WIDTH), 0, 1);
            }
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
}
