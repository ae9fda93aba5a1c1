package io.dativo.api;

import java.io.Serializable;

/**
 * Statistics of one column of one written file, as a table format (Apache Iceberg, Delta) records them.
 * Bounds use the column's contract type in plain Java: {@code Long} for integers, timestamps (microseconds since the
 * epoch, UTC), times (microseconds of the day) and dates (days since the epoch); {@code Double}; {@code String};
 * {@code Boolean}; {@code java.math.BigDecimal}. A bound is {@code null} when unknown or when every value is null.
 *
 * @param valueCount values, nulls included
 * @param nullCount  nulls
 * @param sizeBytes  bytes the column takes in the file (compressed), or -1 when unknown
 * @param lower      the smallest value, or {@code null}
 * @param upper      the largest value, or {@code null}
 * @since 0.2
 */
public record ColumnStats(long valueCount, long nullCount, long sizeBytes, Object lower, Object upper)
        implements Serializable {

    private static final long serialVersionUID = 1L;
}
