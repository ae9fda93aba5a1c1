package io.dativo.core.format;

import io.dativo.api.ColumnStats;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Column statistics of a written file, read from the footer parquet-java produced for its row groups (the same
 * numbers a reader of the file sees), with bounds in the contract's type as {@link ColumnStats} documents them.
 */
final class ParquetStats {

    private ParquetStats() {
    }

    /** Column name to statistics, in schema order, summed and merged over every row group of {@code footer}. */
    static Map<String, ColumnStats> of(ParquetMetadata footer) {
        MessageType schema = footer.getFileMetaData().getSchema();
        Map<String, ColumnStats> out = new LinkedHashMap<>();
        for (int c = 0; c < schema.getColumns().size(); c++) {
            PrimitiveType type = schema.getColumns().get(c).getPrimitiveType();
            long values = 0;
            long nulls = 0;
            long size = 0;
            Statistics<?> merged = Statistics.createStats(type);
            for (BlockMetaData block : footer.getBlocks()) {
                ColumnChunkMetaData chunk = block.getColumns().get(c);
                values += chunk.getValueCount();
                size += chunk.getTotalSize();
                Statistics<?> stats = chunk.getStatistics();
                if (stats != null && !stats.isEmpty()) {
                    nulls += stats.getNumNulls();
                    merged.mergeStatistics(stats);
                }
            }
            Object lower = merged.hasNonNullValue() ? bound(type, merged.genericGetMin()) : null;
            Object upper = merged.hasNonNullValue() ? bound(type, merged.genericGetMax()) : null;
            out.put(type.getName(), new ColumnStats(values, nulls, size, lower, upper));
        }
        return out;
    }

    /** A Parquet statistics value as the contract type's plain Java value; {@code null} where none applies. */
    private static Object bound(PrimitiveType type, Object value) {
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
            return switch (type.getPrimitiveTypeName()) {
                case INT64 -> BigDecimal.valueOf((Long) value, d.getScale());
                case INT32 -> BigDecimal.valueOf((Integer) value, d.getScale());
                default -> new BigDecimal(new BigInteger(((Binary) value).getBytes()), d.getScale());
            };
        }
        return switch (type.getPrimitiveTypeName()) {
            case INT64 -> value;
            case INT32 -> ((Integer) value).longValue();
            case DOUBLE -> value;
            case FLOAT -> ((Float) value).doubleValue();
            case BOOLEAN -> value;
            case BINARY -> logical == null ? null : ((Binary) value).toStringUsingUTF8();
            default -> null;
        };
    }
}
