package io.dativo.core.format;

import io.dativo.api.AssetDefinition;
import io.dativo.api.FieldSpec;
import io.dativo.api.DataType;
import io.dativo.api.SourceBatch;
import io.dativo.api.SourceDataException;
import io.dativo.api.io.InputFile;
import io.dativo.api.io.SeekableInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
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
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.parquet.VersionParser;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.impl.ColumnReaderImpl;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputDecompressor;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.DataPageHeaderV2;
import org.apache.parquet.format.DictionaryPageHeader;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.Util;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Reads a Parquet file into Arrow batches of a contract's columns, column by column with parquet-java's column
 * readers, through an {@link InputFile} with ranged reads: the footer, then for each row group only the column
 * chunks the contract names. Other columns, nested ones included, are never read.
 *
 * <p>The footer, page headers and pages are read here rather than through parquet-java's {@code ParquetFileReader},
 * whose options builder loads Hadoop classes; this reader needs none. Pages are decompressed with {@link Codecs}
 * (snappy, zstd, gzip, LZ4 raw and Hadoop-framed, none) and decoded by parquet-java (v1 and v2 data pages, plain,
 * dictionary, RLE, delta and byte-stream-split encodings).
 *
 * <p>A column whose Parquet type holds the contract's type exactly becomes the contract's Arrow vector, so
 * validation passes it through: integers of any width into 64 bits, dates, timestamps and times of any unit into
 * microseconds, decimals backed by INT32, INT64, fixed-length or variable-length bytes into the contract's decimal
 * when its precision and scale hold the file's, floats, text and bytes. <b>INT96 timestamps and timestamps and times
 * in nanoseconds are truncated to microseconds</b> (rounded toward the past). A column that might not fit, such as
 * unsigned 64-bit integers, decimals wider than the contract's, text where the contract wants a number, becomes a
 * text column that the validator checks value by value, with the usual per-mode handling. A contract column the
 * file lacks is left out of the batch, so that validation reports a required one once, as missing. A contract
 * column that is nested or repeated in the file, or of a type with no reading here (INTERVAL, FLOAT16), fails with
 * an error naming the file and column.
 *
 * <p>Batches do not span row groups. Row positions in errors are {@code file:ROW}, the 1-based row number in the file.
 * Not thread-safe; closes its stream in {@link #close()}.
 */
public final class ParquetBatchReader implements AutoCloseable {

    /** Parquet's magic, at the start and the end of a file; {@code PARE} marks an encrypted footer. */
    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    private static final int TAIL_READ = 1 << 16;
    private static final long MICROS_PER_DAY = 86_400_000_000L;
    /** Julian day number of 1970-01-01, the epoch of INT96 timestamps' day part. */
    private static final long JULIAN_EPOCH_DAY = 2_440_588L;

    /**
     * One row group, for split planning.
     *
     * @param index    its position in the file, from 0
     * @param rows     its row count
     * @param firstRow the number of rows before it in the file
     * @param offset   the byte offset of its first column chunk
     * @param bytes    its compressed size in bytes
     */
    public record RowGroup(int index, long rows, long firstRow, long offset, long bytes) {
    }

    private final String label;
    private final String object;
    private final AssetDefinition asset;
    private final BufferAllocator allocator;
    private final int batchSize;
    private final int endGroup;
    private final SeekableInputStream in;
    private final long length;
    private final ParquetMetadata footer;
    private final Codecs codecs = new Codecs();
    private final List<Column> columns = new ArrayList<>();
    private final VersionParser.ParsedVersion writer;
    private int nextGroup;
    private long rowsLeftInGroup;
    private long nextRow;

    /** Reads every row group of {@code file}. */
    public ParquetBatchReader(InputFile file, String label, String object, AssetDefinition asset,
                              BufferAllocator allocator, int batchSize) throws IOException {
        this(file, label, object, asset, allocator, batchSize, 0, Integer.MAX_VALUE);
    }

    /**
     * Reads row groups {@code firstGroup} (inclusive) to {@code endGroup} (exclusive, capped at the file's count).
     *
     * @param label  the file as errors name it
     * @param object the source object of the batches
     */
    public ParquetBatchReader(InputFile file, String label, String object, AssetDefinition asset,
                              BufferAllocator allocator, int batchSize, int firstGroup, int endGroup)
            throws IOException {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive: " + batchSize);
        }
        this.label = label;
        this.object = object;
        this.asset = asset;
        this.allocator = allocator;
        this.batchSize = batchSize;
        this.in = file.newStream();
        try {
            this.length = file.length();
            this.footer = readFooter(in, length, label);
            int groups = footer.getBlocks().size();
            this.endGroup = Math.min(endGroup, groups);
            if (firstGroup < 0 || firstGroup > this.endGroup) {
                throw new IllegalArgumentException(label + ": row groups " + firstGroup + ".." + endGroup
                        + " out of range; the file has " + groups);
            }
            this.nextGroup = firstGroup;
            for (int g = 0; g < firstGroup; g++) {
                nextRow += footer.getBlocks().get(g).getRowCount();
            }
            this.writer = parsedVersion(footer.getFileMetaData().getCreatedBy());
            bindColumns();
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** The file's row groups, from its footer. */
    public static List<RowGroup> rowGroups(InputFile file) throws IOException {
        try (SeekableInputStream s = file.newStream()) {
            return rowGroups(readFooter(s, file.length(), file.location()));
        }
    }

    /** The Parquet schema of the file. */
    public static MessageType schema(InputFile file) throws IOException {
        try (SeekableInputStream s = file.newStream()) {
            return readFooter(s, file.length(), file.location()).getFileMetaData().getSchema();
        }
    }

    private static List<RowGroup> rowGroups(ParquetMetadata footer) {
        List<RowGroup> out = new ArrayList<>();
        long first = 0;
        List<BlockMetaData> blocks = footer.getBlocks();
        for (int g = 0; g < blocks.size(); g++) {
            BlockMetaData b = blocks.get(g);
            out.add(new RowGroup(g, b.getRowCount(), first, b.getStartingPos(), b.getCompressedSize()));
            first += b.getRowCount();
        }
        return out;
    }

    /**
     * The contract fields of the columns a file's schema has, by name (case-insensitive where the exact name is
     * absent), with their types as read here; nested and unreadable columns are left out.
     */
    public static List<FieldSpec> fieldsOf(MessageType schema) {
        List<FieldSpec> out = new ArrayList<>();
        for (Type t : schema.getFields()) {
            if (!t.isPrimitive() || t.isRepetition(Type.Repetition.REPEATED)) {
                continue;
            }
            PrimitiveType p = t.asPrimitiveType();
            Kind kind = kind(p);
            boolean required = t.isRepetition(Type.Repetition.REQUIRED);
            DataType type = switch (kind) {
                case BOOLEAN -> DataType.BOOLEAN;
                case INT, UINT64 -> DataType.LONG;
                case FLOAT -> DataType.FLOAT;
                case DOUBLE -> DataType.DOUBLE;
                case DECIMAL -> DataType.DECIMAL;
                case TEXT -> p.getLogicalTypeAnnotation() == null ? DataType.BINARY : DataType.STRING;
                case UUID -> DataType.STRING;
                case JSON -> DataType.JSON;
                case BYTES -> DataType.BINARY;
                case DATE -> DataType.DATE;
                case TIMESTAMP, INT96 -> DataType.TIMESTAMP;
                case TIME -> DataType.TIME;
                case UNSUPPORTED -> null;
            };
            if (type == null) {
                continue;
            }
            if (type == DataType.DECIMAL) {
                var d = (LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) p.getLogicalTypeAnnotation();
                out.add(new FieldSpec(t.getName(), type, required, null, null, d.getPrecision(), d.getScale()));
            } else {
                out.add(FieldSpec.of(t.getName(), type, required));
            }
        }
        return out;
    }

    /**
     * The next batch, which the caller owns, or {@code null} after the last row group of the range.
     */
    public SourceBatch next() throws IOException {
        while (rowsLeftInGroup == 0) {
            if (nextGroup >= endGroup) {
                return null;
            }
            openGroup(nextGroup++);
        }
        int n = (int) Math.min(batchSize, rowsLeftInGroup);
        List<FieldVector> vectors = new ArrayList<>(columns.size());
        try {
            for (Column c : columns) {
                if (c.reader != null) {
                    vectors.add(c.read(n));
                }
            }
        } catch (RuntimeException e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
        VectorSchemaRoot root = new VectorSchemaRoot(vectors);
        root.setRowCount(n);
        long[] lines = new long[n];
        for (int i = 0; i < n; i++) {
            lines[i] = nextRow + i + 1;
        }
        nextRow += n;
        rowsLeftInGroup -= n;
        return new SourceBatch(root, object, label, lines);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    // ---------------------------------------------------------------- footer

    private static ParquetMetadata readFooter(SeekableInputStream in, long length, String label) throws IOException {
        if (length < 12) {
            throw new SourceDataException(label, "not a Parquet file: " + length + " bytes");
        }
        int tailLength = (int) Math.min(length, TAIL_READ);
        byte[] tail = new byte[tailLength];
        in.seek(length - tailLength);
        in.readFully(tail, 0, tailLength);
        if (tail[tailLength - 4] == 'P' && tail[tailLength - 3] == 'A' && tail[tailLength - 2] == 'R'
                && tail[tailLength - 1] == 'E') {
            throw new SourceDataException(label, "encrypted Parquet files are not supported");
        }
        for (int i = 0; i < 4; i++) {
            if (tail[tailLength - 4 + i] != MAGIC[i]) {
                throw new SourceDataException(label, "not a Parquet file: no PAR1 at its end");
            }
        }
        long footerLength = ByteBuffer.wrap(tail, tailLength - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt()
                & 0xFFFFFFFFL;
        if (footerLength > length - 12) {
            throw new SourceDataException(label, "not a Parquet file: footer length " + footerLength
                    + " exceeds the file's " + length + " bytes");
        }
        byte[] bytes;
        int from;
        if (footerLength + 8 <= tailLength) {
            bytes = tail;
            from = (int) (tailLength - 8 - footerLength);
        } else {
            bytes = new byte[(int) footerLength];
            from = 0;
            in.seek(length - 8 - footerLength);
            in.readFully(bytes, 0, bytes.length);
        }
        try {
            // The converter's own readParquetMetadata takes its Thrift size limit from read options, which come
            // with Hadoop; without them it has none (-1) and fails. The limit here is the footer's own size.
            org.apache.parquet.format.FileMetaData meta = Util.readFileMetaData(
                    new ByteArrayInputStream(bytes, from, (int) footerLength), (int) footerLength + 1024);
            return new ParquetMetadataConverter().fromParquetMetadata(meta);
        } catch (IOException | RuntimeException e) {
            throw new SourceDataException(label, "cannot read the Parquet footer: " + e.getMessage());
        }
    }

    private static VersionParser.ParsedVersion parsedVersion(String createdBy) {
        try {
            return createdBy == null ? null : VersionParser.parse(createdBy);
        } catch (VersionParser.VersionParseException | RuntimeException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- columns

    /** Matches each contract field to a top-level column of the file and decides how it is read. */
    private void bindColumns() {
        MessageType schema = footer.getFileMetaData().getSchema();
        Map<String, Type> exact = new HashMap<>();
        Map<String, Type> lower = new HashMap<>();
        for (Type t : schema.getFields()) {
            exact.put(t.getName(), t);
            lower.putIfAbsent(t.getName().toLowerCase(Locale.ROOT), t);
        }
        for (FieldSpec spec : asset.schema()) {
            Type t = exact.get(spec.name());
            if (t == null) {
                t = lower.get(spec.name().toLowerCase(Locale.ROOT));
            }
            if (t == null) {
                continue;
            }
            if (!t.isPrimitive() || t.isRepetition(Type.Repetition.REPEATED)) {
                throw new SourceDataException(label, "column '" + t.getName() + "' is "
                        + (t.isPrimitive() ? "repeated" : "nested") + " (" + t.toString().trim()
                        + "); the contract reads it as " + spec.type().contractName()
                        + ", but only flat columns can be read");
            }
            ColumnDescriptor descriptor = schema.getColumnDescription(new String[]{t.getName()});
            columns.add(bind(spec, descriptor));
        }
    }

    private Column bind(FieldSpec spec, ColumnDescriptor descriptor) {
        PrimitiveType p = descriptor.getPrimitiveType();
        Kind kind = kind(p);
        String name = spec.name();
        Field target = spec.arrowField();
        Field text = Field.nullable(name, ArrowType.Utf8.INSTANCE);
        if (kind == Kind.UNSUPPORTED) {
            throw new SourceDataException(label, "column '" + p.getName() + "' has Parquet type " + p
                    + ", which cannot be read as " + spec.type().contractName());
        }
        Column c = new Column(descriptor, target);
        switch (spec.type()) {
            case STRING -> {
                if (kind == Kind.TEXT || kind == Kind.JSON) {
                    return c.with((r, v, i) -> setBinary((VarCharVector) v, i, r.getBinary()));
                }
            }
            case JSON -> {
                if (kind == Kind.TEXT || kind == Kind.JSON) {
                    return c.with((r, v, i) -> setBinary((VarCharVector) v, i, r.getBinary()));
                }
            }
            case BINARY -> {
                if (kind == Kind.BYTES || kind == Kind.TEXT || kind == Kind.JSON || kind == Kind.UUID) {
                    return c.with((r, v, i) -> setBinary((VarBinaryVector) v, i, r.getBinary()));
                }
            }
            case LONG -> {
                if (kind == Kind.INT) {
                    LongOf of = intOf(p);
                    return c.with((r, v, i) -> ((BigIntVector) v).set(i, of.get(r)));
                }
                if (kind == Kind.DECIMAL && decimal(p).getScale() == 0 && p.getPrimitiveTypeName() != PrimitiveTypeName.BINARY
                        && p.getPrimitiveTypeName() != PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) {
                    LongOf of = intOf(p);
                    return c.with((r, v, i) -> ((BigIntVector) v).set(i, of.get(r)));
                }
            }
            case DOUBLE -> {
                switch (kind) {
                    case DOUBLE -> {
                        return c.with((r, v, i) -> ((Float8Vector) v).set(i, r.getDouble()));
                    }
                    case FLOAT -> {
                        return c.with((r, v, i) -> ((Float8Vector) v).set(i, r.getFloat()));
                    }
                    case INT -> {
                        LongOf of = intOf(p);
                        return c.with((r, v, i) -> ((Float8Vector) v).set(i, (double) of.get(r)));
                    }
                    case DECIMAL -> {
                        DecimalOf of = decimalOf(p);
                        return c.with((r, v, i) -> ((Float8Vector) v).set(i, of.get(r).doubleValue()));
                    }
                    default -> {
                    }
                }
            }
            case FLOAT -> {
                switch (kind) {
                    case FLOAT -> {
                        return c.with((r, v, i) -> ((Float4Vector) v).set(i, r.getFloat()));
                    }
                    case DOUBLE -> {
                        return c.with((r, v, i) -> ((Float4Vector) v).set(i, (float) r.getDouble()));
                    }
                    case INT -> {
                        LongOf of = intOf(p);
                        return c.with((r, v, i) -> ((Float4Vector) v).set(i, (float) of.get(r)));
                    }
                    case DECIMAL -> {
                        DecimalOf of = decimalOf(p);
                        return c.with((r, v, i) -> ((Float4Vector) v).set(i, of.get(r).floatValue()));
                    }
                    default -> {
                    }
                }
            }
            case DECIMAL -> {
                int fileScale;
                int fileDigits;
                if (kind == Kind.DECIMAL) {
                    fileScale = decimal(p).getScale();
                    fileDigits = decimal(p).getPrecision() - fileScale;
                } else if (kind == Kind.INT) {
                    fileScale = 0;
                    fileDigits = p.getPrimitiveTypeName() == PrimitiveTypeName.INT32 ? 10 : 19;
                } else {
                    break;
                }
                if (fileScale <= spec.scale() && fileDigits <= spec.precision() - spec.scale()) {
                    return c.with(decimalSetter(p, kind, spec.scale() - fileScale));
                }
            }
            case BOOLEAN -> {
                if (kind == Kind.BOOLEAN) {
                    return c.with((r, v, i) -> ((BitVector) v).set(i, r.getBoolean() ? 1 : 0));
                }
            }
            case DATE -> {
                if (kind == Kind.DATE) {
                    return c.with((r, v, i) -> ((DateDayVector) v).set(i, r.getInteger()));
                }
            }
            case TIMESTAMP -> {
                if (kind == Kind.TIMESTAMP || kind == Kind.INT96 || kind == Kind.DATE) {
                    LongOf of = microsOf(p, kind);
                    return c.with((r, v, i) -> ((TimeStampMicroTZVector) v).set(i, of.get(r)));
                }
            }
            case TIME -> {
                if (kind == Kind.TIME) {
                    LongOf of = microsOf(p, kind);
                    return c.with((r, v, i) -> ((TimeMicroVector) v).set(i, of.get(r)));
                }
            }
        }
        TextOf of = textOf(p, kind);
        return new Column(descriptor, text).with((r, v, i) -> ((VarCharVector) v).setSafe(i, of.get(r)));
    }

    /** How values of a Parquet column are understood, from its physical and logical type. */
    enum Kind { BOOLEAN, INT, UINT64, DECIMAL, FLOAT, DOUBLE, TEXT, JSON, BYTES, UUID, DATE, TIMESTAMP, INT96, TIME,
        UNSUPPORTED }

    static Kind kind(PrimitiveType p) {
        LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
        PrimitiveTypeName physical = p.getPrimitiveTypeName();
        if (a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i) {
            return !i.isSigned() && i.getBitWidth() == 64 ? Kind.UINT64 : Kind.INT;
        }
        if (a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) {
            return Kind.DECIMAL;
        }
        if (a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                || a instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation) {
            return Kind.TEXT;
        }
        if (a instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
            return Kind.JSON;
        }
        if (a instanceof LogicalTypeAnnotation.BsonLogicalTypeAnnotation) {
            return Kind.BYTES;
        }
        if (a instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation) {
            return Kind.UUID;
        }
        if (a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
            return Kind.DATE;
        }
        if (a instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) {
            return Kind.TIMESTAMP;
        }
        if (a instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation) {
            return Kind.TIME;
        }
        if (a != null) {
            return Kind.UNSUPPORTED;
        }
        return switch (physical) {
            case BOOLEAN -> Kind.BOOLEAN;
            case INT32, INT64 -> Kind.INT;
            case INT96 -> Kind.INT96;
            case FLOAT -> Kind.FLOAT;
            case DOUBLE -> Kind.DOUBLE;
            case BINARY -> Kind.TEXT;
            case FIXED_LEN_BYTE_ARRAY -> Kind.BYTES;
        };
    }

    private static LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal(PrimitiveType p) {
        return (LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) p.getLogicalTypeAnnotation();
    }

    @FunctionalInterface
    private interface LongOf {
        long get(ColumnReader r);
    }

    @FunctionalInterface
    private interface DecimalOf {
        BigDecimal get(ColumnReader r);
    }

    @FunctionalInterface
    private interface TextOf {
        byte[] get(ColumnReader r);
    }

    @FunctionalInterface
    private interface Setter {
        void set(ColumnReader r, FieldVector v, int row);
    }

    /** The value of an integer column (or the unscaled value of a decimal in INT32 or INT64) as a long. */
    private static LongOf intOf(PrimitiveType p) {
        if (p.getPrimitiveTypeName() == PrimitiveTypeName.INT64) {
            return ColumnReader::getLong;
        }
        if (p.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i
                && !i.isSigned()) {
            return r -> Integer.toUnsignedLong(r.getInteger());
        }
        return r -> r.getInteger();
    }

    /** The unscaled value of a decimal of any physical type. */
    private static DecimalOf decimalOf(PrimitiveType p) {
        int scale = decimal(p).getScale();
        return switch (p.getPrimitiveTypeName()) {
            case INT32 -> r -> BigDecimal.valueOf(r.getInteger(), scale);
            case INT64 -> r -> BigDecimal.valueOf(r.getLong(), scale);
            default -> r -> new BigDecimal(new BigInteger(r.getBinary().getBytesUnsafe()), scale);
        };
    }

    /** Sets a decimal vector from an integer or decimal column whose scale is {@code rescale} digits below it. */
    private static Setter decimalSetter(PrimitiveType p, Kind kind, int rescale) {
        boolean bytes = p.getPrimitiveTypeName() == PrimitiveTypeName.BINARY
                || p.getPrimitiveTypeName() == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
        BigInteger factor = BigInteger.TEN.pow(rescale);
        if (bytes) {
            if (rescale == 0) {
                return (r, v, i) -> {
                    byte[] b = r.getBinary().getBytesUnsafe();
                    if (b.length <= 16) {
                        ((DecimalVector) v).setBigEndian(i, b);
                    } else {
                        ((DecimalVector) v).setBigEndian(i, new BigInteger(b).toByteArray());
                    }
                };
            }
            return (r, v, i) -> ((DecimalVector) v).setBigEndian(i,
                    new BigInteger(r.getBinary().getBytesUnsafe()).multiply(factor).toByteArray());
        }
        LongOf of = kind == Kind.INT ? intOf(p) : p.getPrimitiveTypeName() == PrimitiveTypeName.INT64
                ? ColumnReader::getLong : r -> r.getInteger();
        if (rescale == 0) {
            return (r, v, i) -> ((DecimalVector) v).set(i, of.get(r));
        }
        long small = rescale <= 18 ? factor.longValueExact() : 0;
        return (r, v, i) -> {
            long x = of.get(r);
            if (small != 0) {
                long hi = Math.multiplyHigh(x, small);
                long lo = x * small;
                if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
                    ((DecimalVector) v).set(i, lo);
                    return;
                }
            }
            ((DecimalVector) v).setBigEndian(i, BigInteger.valueOf(x).multiply(factor).toByteArray());
        };
    }

    /** Microseconds of a timestamp (since the epoch) or time (since midnight); nanoseconds are truncated. */
    private static LongOf microsOf(PrimitiveType p, Kind kind) {
        if (kind == Kind.INT96) {
            return r -> int96Micros(r.getBinary());
        }
        if (kind == Kind.DATE) {
            return r -> r.getInteger() * MICROS_PER_DAY;
        }
        LogicalTypeAnnotation.TimeUnit unit = p.getLogicalTypeAnnotation()
                instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation t ? t.getUnit()
                : ((LogicalTypeAnnotation.TimeLogicalTypeAnnotation) p.getLogicalTypeAnnotation()).getUnit();
        LongOf raw = p.getPrimitiveTypeName() == PrimitiveTypeName.INT32 ? r -> r.getInteger() : ColumnReader::getLong;
        return switch (unit) {
            case MICROS -> raw;
            case NANOS -> r -> Math.floorDiv(raw.get(r), 1000L);
            case MILLIS -> r -> Math.multiplyExact(raw.get(r), 1000L);
        };
    }

    /** An INT96 timestamp: nanoseconds of the day (8 bytes), then the Julian day (4 bytes), little-endian. */
    static long int96Micros(Binary b) {
        ByteBuffer buf = b.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        long nanos = buf.getLong(buf.position());
        long julianDay = buf.getInt(buf.position() + 8) & 0xFFFFFFFFL;
        return (julianDay - JULIAN_EPOCH_DAY) * MICROS_PER_DAY + Math.floorDiv(nanos, 1000L);
    }

    /** The value's text as the validator parses it. */
    private static TextOf textOf(PrimitiveType p, Kind kind) {
        return switch (kind) {
            case TEXT, JSON -> r -> r.getBinary().getBytes();
            case BOOLEAN -> r -> utf8(Boolean.toString(r.getBoolean()));
            case INT -> {
                LongOf of = intOf(p);
                yield r -> utf8(Long.toString(of.get(r)));
            }
            case UINT64 -> r -> utf8(Long.toUnsignedString(r.getLong()));
            case DECIMAL -> {
                DecimalOf of = decimalOf(p);
                yield r -> utf8(of.get(r).toPlainString());
            }
            case FLOAT -> r -> utf8(Float.toString(r.getFloat()));
            case DOUBLE -> r -> utf8(Double.toString(r.getDouble()));
            case BYTES -> r -> utf8(Base64.getEncoder().encodeToString(r.getBinary().getBytes()));
            case UUID -> r -> {
                ByteBuffer b = r.getBinary().toByteBuffer();
                return utf8(new UUID(b.getLong(b.position()), b.getLong(b.position() + 8)).toString());
            };
            case DATE -> r -> utf8(LocalDate.ofEpochDay(r.getInteger()).toString());
            case TIMESTAMP, INT96 -> {
                LongOf of = microsOf(p, kind);
                yield r -> {
                    long micros = of.get(r);
                    Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                            Math.floorMod(micros, 1_000_000L) * 1000L);
                    return utf8(LocalDateTime.ofInstant(at, ZoneOffset.UTC) + "Z");
                };
            }
            case TIME -> {
                LongOf of = microsOf(p, kind);
                yield r -> utf8(LocalTime.ofNanoOfDay(of.get(r) * 1000L).toString());
            }
            case UNSUPPORTED -> throw new IllegalStateException();
        };
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void setBinary(BaseVariableWidthVector v, int row, Binary b) {
        ByteBuffer bytes = b.toByteBuffer();
        if (v instanceof VarCharVector x) {
            x.setSafe(row, bytes, bytes.position(), bytes.remaining());
        } else {
            ((VarBinaryVector) v).setSafe(row, bytes, bytes.position(), bytes.remaining());
        }
    }

    /** One contract column: its file column, the vector it fills, and the reader of the current row group. */
    private final class Column {
        final ColumnDescriptor descriptor;
        final Field field;
        final int maxDefinition;
        Setter setter;
        ColumnReader reader;

        Column(ColumnDescriptor descriptor, Field field) {
            this.descriptor = descriptor;
            this.field = field;
            this.maxDefinition = descriptor.getMaxDefinitionLevel();
        }

        Column with(Setter s) {
            this.setter = s;
            return this;
        }

        FieldVector read(int n) {
            FieldVector v = field.createVector(allocator);
            int i = 0;
            try {
                if (v instanceof BaseFixedWidthVector f) {
                    f.allocateNew(n);
                } else {
                    ((BaseVariableWidthVector) v).allocateNew(Math.max(1, n * 8L), n);
                }
                ColumnReader r = reader;
                for (; i < n; i++) {
                    if (r.getCurrentDefinitionLevel() == maxDefinition) {
                        setter.set(r, v, i);
                    }
                    r.consume();
                }
                v.setValueCount(n);
                return v;
            } catch (RuntimeException e) {
                v.close();
                if (e instanceof SourceDataException) {
                    throw e;
                }
                String why = e instanceof ArithmeticException ? "value out of range after conversion to "
                        + field.getType() : e.toString();
                throw new SourceDataException(label + ":" + (nextRow + i + 1), "column '"
                        + descriptor.getPath()[0] + "': " + why);
            }
        }
    }

    // ---------------------------------------------------------------- row groups and pages

    private void openGroup(int g) throws IOException {
        BlockMetaData block = footer.getBlocks().get(g);
        Map<ColumnPath, ColumnChunkMetaData> chunks = new HashMap<>();
        for (ColumnChunkMetaData chunk : block.getColumns()) {
            chunks.put(chunk.getPath(), chunk);
        }
        for (Column c : columns) {
            c.reader = null;
        }
        rowsLeftInGroup = block.getRowCount();
        if (rowsLeftInGroup == 0) {
            return;
        }
        for (Column c : columns) {
            ColumnChunkMetaData chunk = chunks.get(ColumnPath.get(c.descriptor.getPath()));
            if (chunk == null) {
                throw new SourceDataException(label, "row group " + g + " has no chunk for column '"
                        + c.descriptor.getPath()[0] + "'");
            }
            if (chunk.isEncrypted()) {
                throw new SourceDataException(label, "column '" + c.descriptor.getPath()[0]
                        + "' is encrypted; encrypted Parquet files are not supported");
            }
            Pages pages = new Pages(readChunk(chunk, g), chunk, c.descriptor, g);
            c.reader = new ColumnReaderImpl(c.descriptor, pages, new PrimitiveConverter() { }, writer);
        }
    }

    private byte[] readChunk(ColumnChunkMetaData chunk, int g) throws IOException {
        long start = chunk.getStartingPos();
        long size = chunk.getTotalSize();
        if (size > Integer.MAX_VALUE - 16 || start < 0 || start + size > length) {
            throw new SourceDataException(label, "row group " + g + ", column '" + chunk.getPath()
                    + "': chunk at " + start + " of " + size + " bytes is out of the file or too large");
        }
        byte[] bytes = new byte[(int) size];
        in.seek(start);
        in.readFully(bytes, 0, bytes.length);
        return bytes;
    }

    /**
     * The pages of one column chunk: headers parsed up front, pages decompressed as the column reader asks for them.
     */
    private final class Pages implements PageReader {
        private final ParquetMetadataConverter converter = new ParquetMetadataConverter();
        private final BytesInputDecompressor decompressor;
        private final ColumnDescriptor descriptor;
        private final long valueCount;
        private final List<PageHeader> headers = new ArrayList<>();
        private final List<Integer> offsets = new ArrayList<>();
        private final byte[] chunk;
        private DictionaryPage dictionary;
        private int next;

        Pages(byte[] chunk, ColumnChunkMetaData meta, ColumnDescriptor descriptor, int group) throws IOException {
            this.chunk = chunk;
            this.descriptor = descriptor;
            this.valueCount = meta.getValueCount();
            CompressionCodecName codec = meta.getCodec();
            this.decompressor = codecs.getDecompressor(codec);
            ByteArrayInputStream s = new ByteArrayInputStream(chunk);
            long values = 0;
            String where = "row group " + group + ", column '" + descriptor.getPath()[0] + "'";
            try {
                while (values < valueCount && s.available() > 0) {
                    PageHeader h = Util.readPageHeader(s);
                    int at = chunk.length - s.available();
                    if (h.getCompressed_page_size() < 0 || h.getCompressed_page_size() > s.available()) {
                        throw new SourceDataException(label, where + ": page of " + h.getCompressed_page_size()
                                + " bytes runs past the chunk");
                    }
                    s.skipNBytes(h.getCompressed_page_size());
                    switch (h.getType()) {
                        case DICTIONARY_PAGE -> dictionary = dictionaryPage(h, at);
                        case DATA_PAGE -> {
                            headers.add(h);
                            offsets.add(at);
                            values += h.getData_page_header().getNum_values();
                        }
                        case DATA_PAGE_V2 -> {
                            headers.add(h);
                            offsets.add(at);
                            values += h.getData_page_header_v2().getNum_values();
                        }
                        default -> {
                        }
                    }
                }
            } catch (IOException e) {
                throw new SourceDataException(label, where + ": cannot read page header: " + e.getMessage());
            }
            if (values != valueCount) {
                throw new SourceDataException(label, where + ": pages hold " + values + " values, the footer says "
                        + valueCount);
            }
        }

        private DictionaryPage dictionaryPage(PageHeader h, int at) throws IOException {
            DictionaryPageHeader d = h.getDictionary_page_header();
            BytesInput bytes = decompressor.decompress(BytesInput.from(chunk, at, h.getCompressed_page_size()),
                    h.getUncompressed_page_size());
            return new DictionaryPage(bytes, h.getUncompressed_page_size(),
                    d.getNum_values(), encoding(d.getEncoding()));
        }

        private Encoding encoding(org.apache.parquet.format.Encoding e) {
            return converter.getEncoding(e);
        }

        @Override
        public DictionaryPage readDictionaryPage() {
            return dictionary;
        }

        @Override
        public long getTotalValueCount() {
            return valueCount;
        }

        @Override
        public DataPage readPage() {
            if (next >= headers.size()) {
                return null;
            }
            PageHeader h = headers.get(next);
            int at = offsets.get(next++);
            Statistics<?> stats = Statistics.createStats(descriptor.getPrimitiveType());
            try {
                if (h.getType() == org.apache.parquet.format.PageType.DATA_PAGE) {
                    DataPageHeader d = h.getData_page_header();
                    BytesInput bytes = decompressor.decompress(BytesInput.from(chunk, at, h.getCompressed_page_size()),
                            h.getUncompressed_page_size());
                    return new DataPageV1(bytes, d.getNum_values(),
                            h.getUncompressed_page_size(), stats, encoding(d.getRepetition_level_encoding()),
                            encoding(d.getDefinition_level_encoding()), encoding(d.getEncoding()));
                }
                DataPageHeaderV2 d = h.getData_page_header_v2();
                int rl = d.getRepetition_levels_byte_length();
                int dl = d.getDefinition_levels_byte_length();
                int dataAt = at + rl + dl;
                int compressed = h.getCompressed_page_size() - rl - dl;
                int uncompressed = h.getUncompressed_page_size() - rl - dl;
                BytesInput data = BytesInput.from(chunk, dataAt, compressed);
                if (!d.isSetIs_compressed() || d.isIs_compressed()) {
                    data = decompressor.decompress(data, uncompressed);
                }
                return DataPageV2.uncompressed(d.getNum_rows(), d.getNum_nulls(), d.getNum_values(),
                        BytesInput.from(chunk, at, rl), BytesInput.from(chunk, at + rl, dl),
                        encoding(d.getEncoding()), data, stats);
            } catch (IOException e) {
                throw new SourceDataException(label, "column '" + descriptor.getPath()[0]
                        + "': cannot decompress page: " + e.getMessage());
            }
        }
    }
}
