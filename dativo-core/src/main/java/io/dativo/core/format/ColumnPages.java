package io.dativo.core.format;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.column.statistics.IntStatistics;
import org.apache.parquet.column.statistics.LongStatistics;
import org.apache.parquet.column.statistics.SizeStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;

/**
 * The pages of one column of a row group, encoded here a batch at a time and handed to parquet-java's page store,
 * which compresses them and keeps the column and offset indexes. Every page is a V1 data page with RLE definition
 * levels, as parquet-java's own column writers write them.
 */
interface ColumnPages {

    /** Limits of a page written here, as parquet-java's defaults limit its own. */
    int PAGE_ROWS = ParquetProperties.DEFAULT_PAGE_ROW_COUNT_LIMIT;
    int PAGE_BYTES = ParquetProperties.DEFAULT_PAGE_SIZE;

    /** Starts the column's chunk of a new row group, written to {@code pages}. */
    void start(PageWriter pages);

    /** Appends rows {@code from..to} of the current batch (or of {@code selection}), writing each page that fills. */
    void append(int[] selection, int from, int to) throws IOException;

    /** Writes what the row group still holds: the last page, and the dictionary page if there is one. */
    void endRowGroup() throws IOException;

    /** Bytes held for the row group so far: pages written, the page being built, the dictionary. */
    long bufferedBytes();

    /**
     * Compares two byte strings as unsigned bytes, as Parquet orders text. Most values of a page differ from its
     * bounds in their first byte, so that one is looked at before the general comparison.
     */
    static int compareBytes(byte[] a, int x, int xLength, byte[] b, int y, int yLength) {
        if (xLength > 0 && yLength > 0 && a[x] != b[y]) {
            return (a[x] & 0xFF) - (b[y] & 0xFF);
        }
        return Arrays.compareUnsigned(a, x, x + xLength, b, y, y + yLength);
    }

    /** Adds a page's integer bounds, kept as plain numbers, to its statistics; other kinds keep their own. */
    static void integerBounds(Statistics<?> stats, BatchColumn.Kind kind, long min, long max) {
        if (kind == BatchColumn.Kind.INT64) {
            ((LongStatistics) stats).updateStats(min);
            ((LongStatistics) stats).updateStats(max);
        } else if (kind == BatchColumn.Kind.INT32) {
            ((IntStatistics) stats).updateStats((int) min);
            ((IntStatistics) stats).updateStats((int) max);
        }
    }

    /**
     * Writes one data page: the definition levels of its {@code rows} rows ({@code nulls} of them 0), then
     * {@code values} in {@code encoding}. Repetition levels are declared BIT_PACKED (and are empty), as parquet-java's
     * own V1 pages declare them.
     */
    @SuppressWarnings("deprecation")
    static void writePage(PageWriter pages, ColumnDescriptor column, byte[] defined, int rows, int nulls,
            BytesInput values, Statistics<?> stats, long unencodedBytes, Encoding encoding) throws IOException {
        SizeStatistics sizes = new SizeStatistics(column.getPrimitiveType(), unencodedBytes, List.of(), List.of());
        if (nulls == 0) {
            BytesInput levels = BytesInput.concat(BytesInput.fromUnsignedVarInt(rows << 1),
                    BytesInput.from(new byte[]{1}));
            pages.writePage(BytesInput.concat(BytesInput.fromInt((int) levels.size()), levels, values), rows, rows,
                    stats, sizes, null, Encoding.BIT_PACKED, Encoding.RLE, encoding);
            return;
        }
        try (RunLengthBitPackingHybridEncoder levels = new RunLengthBitPackingHybridEncoder(1, 1024, PAGE_BYTES,
                HeapByteBufferAllocator.getInstance())) {
            for (int r = 0; r < rows; r++) {
                levels.writeInt(defined[r]);
            }
            BytesInput encoded = levels.toBytes();
            pages.writePage(BytesInput.concat(BytesInput.fromInt((int) encoded.size()), encoded, values), rows, rows,
                    stats, sizes, null, Encoding.BIT_PACKED, Encoding.RLE, encoding);
        }
    }
}
