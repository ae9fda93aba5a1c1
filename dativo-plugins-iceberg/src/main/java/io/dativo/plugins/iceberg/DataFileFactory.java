package io.dativo.plugins.iceberg;

import io.dativo.api.ColumnStats;
import io.dativo.api.WriteFragment;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileMetadata;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.PartitionData;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Literal;
import org.apache.iceberg.transforms.Transform;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.UnicodeUtil;

/**
 * Iceberg data and equality-delete files from the fragments core's Parquet writer staged: the path and size, the
 * record count, the metrics of every column (sizes, value and null counts, lower and upper bounds, keyed by column
 * id) and the partition tuple, parsed from the partition texts the split writer grouped rows by (an empty text is
 * the empty value, {@value #NULL_PARTITION} is null).
 */
final class DataFileFactory {

    /** What the file target writes for a null partition value. */
    static final String NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__";
    /** String bounds are cut to this many characters, as Iceberg's default metrics mode does. */
    private static final int STRING_BOUND_LENGTH = 16;

    private DataFileFactory() {
    }

    static DataFile of(WriteFragment f, Schema schema, PartitionSpec spec) {
        DataFiles.Builder b = DataFiles.builder(spec).withPath(f.location()).withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(size(f)).withRecordCount(f.records()).withMetrics(metrics(f, schema));
        if (spec.isPartitioned()) {
            b.withPartition(partition(f.partition(), schema, spec));
        }
        return b.build();
    }

    /**
     * An equality-delete file from a fragment of key columns: it deletes the rows of older snapshots whose columns
     * {@code equalityIds} equal one of its rows, in its partition.
     */
    static DeleteFile deletes(WriteFragment f, Schema schema, PartitionSpec spec, int[] equalityIds) {
        FileMetadata.Builder b = FileMetadata.deleteFileBuilder(spec).ofEqualityDeletes(equalityIds)
                .withPath(f.location()).withFormat(FileFormat.PARQUET).withFileSizeInBytes(size(f))
                .withRecordCount(f.records()).withMetrics(metrics(f, schema));
        if (spec.isPartitioned()) {
            b.withPartition(partition(f.partition(), schema, spec));
        }
        return b.build();
    }

    private static long size(WriteFragment f) {
        return f.pending() != null ? f.pending().size() : f.bytes();
    }

    private static Metrics metrics(WriteFragment f, Schema schema) {
        Map<Integer, Long> sizes = new HashMap<>();
        Map<Integer, Long> values = new HashMap<>();
        Map<Integer, Long> nulls = new HashMap<>();
        Map<Integer, ByteBuffer> lower = new HashMap<>();
        Map<Integer, ByteBuffer> upper = new HashMap<>();
        f.columns().forEach((name, stats) -> {
            Types.NestedField column = schema.findField(name);
            if (column == null) {
                return;
            }
            int id = column.fieldId();
            if (stats.sizeBytes() >= 0) {
                sizes.put(id, stats.sizeBytes());
            }
            values.put(id, stats.valueCount());
            nulls.put(id, stats.nullCount());
            putBound(lower, id, column.type(), stats, true);
            putBound(upper, id, column.type(), stats, false);
        });
        return new Metrics(f.records(), sizes, values, nulls, null, lower, upper);
    }

    private static void putBound(Map<Integer, ByteBuffer> out, int id, Type type, ColumnStats stats, boolean lower) {
        Object value = lower ? stats.lower() : stats.upper();
        if (value == null || type.typeId() == Type.TypeID.BINARY) {
            return;
        }
        Object v = switch (type.typeId()) {
            case DATE, INTEGER -> ((Number) value).intValue();
            case LONG, TIME, TIMESTAMP -> ((Number) value).longValue();
            case FLOAT -> ((Number) value).floatValue();
            case DOUBLE -> ((Number) value).doubleValue();
            case DECIMAL -> ((BigDecimal) value).setScale(((Types.DecimalType) type).scale(), RoundingMode.UNNECESSARY);
            case STRING -> {
                Literal<CharSequence> s = Literal.of(value.toString());
                Literal<CharSequence> cut = lower ? UnicodeUtil.truncateStringMin(s, STRING_BOUND_LENGTH)
                        : UnicodeUtil.truncateStringMax(s, STRING_BOUND_LENGTH);
                yield cut == null ? null : cut.value();
            }
            case BOOLEAN -> value;
            default -> null;
        };
        if (v != null) {
            out.put(id, Conversions.toByteBuffer(type, v));
        }
    }

    /** The partition tuple of a file whose rows share the partition texts {@code texts}. */
    static PartitionData partition(Map<String, String> texts, Schema schema, PartitionSpec spec) {
        PartitionData data = new PartitionData(spec.partitionType());
        List<PartitionField> fields = spec.fields();
        for (int i = 0; i < fields.size(); i++) {
            PartitionField pf = fields.get(i);
            Type source = schema.findType(pf.sourceId());
            String text = texts.get(schema.findColumnName(pf.sourceId()));
            if (text == null || text.equals(NULL_PARTITION)) {
                data.set(i, null);
            } else {
                data.set(i, parse(text, pf.transform().isIdentity() ? source : pf.transform().getResultType(source)));
            }
        }
        return data;
    }

    /**
     * The function the split writer groups rows by for a transformed partition column: the text of a value of the
     * column to the text of its transform, which {@link #partition} parses back.
     */
    static UnaryOperator<String> transformText(PartitionField pf, Type source) {
        @SuppressWarnings("unchecked")
        Transform<Object, Object> t = (Transform<Object, Object>) pf.transform();
        var fn = t.bind(source);
        Type result = t.getResultType(source);
        return text -> format(fn.apply(parse(text, source)), result);
    }

    /** A value's text as core's writers print it, in Iceberg's representation of {@code type}. */
    static Object parse(String text, Type type) {
        return switch (type.typeId()) {
            case STRING -> text;
            case INTEGER -> Integer.parseInt(text);
            case LONG -> Long.parseLong(text);
            case FLOAT -> Float.parseFloat(text);
            case DOUBLE -> Double.parseDouble(text);
            case DECIMAL -> new BigDecimal(text).setScale(((Types.DecimalType) type).scale(), RoundingMode.UNNECESSARY);
            case BOOLEAN -> Boolean.parseBoolean(text);
            case DATE -> (int) LocalDate.parse(text).toEpochDay();
            case TIMESTAMP -> ChronoUnit.MICROS.between(Instant.EPOCH, OffsetDateTime.parse(text)
                    .toInstant());
            case TIME -> LocalTime.parse(text).toNanoOfDay() / 1000;
            case BINARY -> ByteBuffer.wrap(Base64.getDecoder().decode(text));
            default -> throw new IllegalArgumentException("no partition value of type " + type);
        };
    }

    private static String format(Object value, Type type) {
        if (value == null) {
            return null;
        }
        if (type.typeId() == Type.TypeID.DATE) {
            return LocalDate.ofEpochDay(((Number) value).longValue()).toString();
        }
        return value instanceof BigDecimal d ? d.toPlainString() : value.toString();
    }
}
