package io.dativo.core.format;

import static io.dativo.core.format.BatchColumn.INT;
import static io.dativo.core.format.BatchColumn.LONG;

import java.io.IOException;
import java.util.Arrays;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.column.statistics.DoubleStatistics;
import org.apache.parquet.column.statistics.FloatStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.io.api.Binary;

/**
 * Plain pages of a numeric or text column: values copied in bulk, min and max kept as plain numbers (or positions
 * of the least and greatest text) and handed to the page's statistics once per page.
 */
final class PlainPages implements ColumnPages {

    private final BatchColumn column;
    private final BatchColumn.Kind kind;
    private PageWriter pages;
    private byte[] values = new byte[1 << 16];
    private int size;
    private int rows;
    private int nulls;
    private final byte[] defined = new byte[PAGE_ROWS];
    private long min;
    private long max;
    private int minAt;
    private int minLength;
    private int maxAt;
    private int maxLength;
    private long unencodedBytes;
    private Statistics<?> stats;

    PlainPages(BatchColumn column) {
        this.column = column;
        this.kind = column.kind;
    }

    @Override
    public void start(PageWriter pageWriter) {
        pages = pageWriter;
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
        stats = Statistics.createStats(column.descriptor.getPrimitiveType());
    }

    @Override
    public long bufferedBytes() {
        return pages.getMemSize() + size;
    }

    private void ensure(int more) {
        if (size + more > values.length) {
            values = Arrays.copyOf(values, Math.max(size + more, values.length * 2));
        }
    }

    @Override
    public void append(int[] selection, int from, int to) throws IOException {
        for (int i = from; i < to; i++) {
            int row = selection == null ? i : selection[i];
            if (!column.present(row)) {
                defined[rows++] = 0;
                nulls++;
            } else {
                defined[rows++] = 1;
                switch (kind) {
                    case INT64 -> {
                        long v = column.longAt(row);
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                        putLong(v);
                    }
                    case INT32 -> {
                        int v = column.intAt(row);
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                        putInt(v);
                    }
                    case DOUBLE -> {
                        long bits = column.longAt(row);
                        ((DoubleStatistics) stats).updateStats(Double.longBitsToDouble(bits));
                        putLong(bits);
                    }
                    case FLOAT -> {
                        int bits = column.intAt(row);
                        ((FloatStatistics) stats).updateStats(Float.intBitsToFloat(bits));
                        putInt(bits);
                    }
                    default -> appendText(column.text.data(), column.text.start(row), column.text.length(row));
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

    private void appendText(byte[] data, int start, int length) {
        putInt(length);
        ensure(length);
        int at = size;
        System.arraycopy(data, start, values, at, length);
        size = at + length;
        unencodedBytes += length;
        if (minAt < 0 || ColumnPages.compareBytes(values, at, length, values, minAt, minLength) < 0) {
            minAt = at;
            minLength = length;
        }
        if (maxAt < 0 || ColumnPages.compareBytes(values, at, length, values, maxAt, maxLength) > 0) {
            maxAt = at;
            maxLength = length;
        }
    }

    @Override
    public void endRowGroup() throws IOException {
        flushPage();
    }

    /** Hands the page built so far to the page store: RLE definition levels, then the plain values. */
    private void flushPage() throws IOException {
        if (rows == 0) {
            return;
        }
        stats.incrementNumNulls(nulls);
        if (rows > nulls) {
            ColumnPages.integerBounds(stats, kind, min, max);
            if (kind == BatchColumn.Kind.TEXT) {
                stats.updateStats(Binary.fromConstantByteArray(
                        Arrays.copyOfRange(values, minAt, minAt + minLength)));
                stats.updateStats(Binary.fromConstantByteArray(
                        Arrays.copyOfRange(values, maxAt, maxAt + maxLength)));
            }
        }
        ColumnPages.writePage(pages, column.descriptor, defined, rows, nulls, BytesInput.from(values, 0, size), stats,
                kind == BatchColumn.Kind.TEXT ? unencodedBytes : 0, Encoding.PLAIN);
        startPage();
    }
}
