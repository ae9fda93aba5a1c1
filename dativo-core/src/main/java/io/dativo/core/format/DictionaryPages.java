package io.dativo.core.format;

import java.io.IOException;
import java.util.Arrays;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.column.statistics.DoubleStatistics;
import org.apache.parquet.column.statistics.FloatStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.io.api.Binary;

/**
 * Dictionary-encoded pages of a numeric or text column, written as parquet-java's V1 writer writes them: data pages
 * of RLE/bit-packed ids ({@code PLAIN_DICTIONARY}) and, at the end of the row group, one plain dictionary page.
 *
 * <p>Values are looked up in a hash table in primitive arrays; the page keeps their ids. The decision to give up the
 * dictionary is taken once per page, when it is written, by parquet-java's rules: when the dictionary has grown past
 * {@value #MAX_DICTIONARY_BYTES} bytes, or when the first page would not be smaller with it. That page is then
 * written plain, the dictionary page holds only the values of the pages written before, and the rest of the row
 * group is written by {@link PlainPages}. Statistics are kept per page: min and max of integers as plain numbers,
 * of other types over the page's distinct values, each compared once per page.
 */
final class DictionaryPages implements ColumnPages {

    /** The dictionary page's limit, parquet-java's default. */
    static final int MAX_DICTIONARY_BYTES = ParquetProperties.DEFAULT_DICTIONARY_PAGE_SIZE;

    private final BatchColumn column;
    private final BatchColumn.Kind kind;
    private final int width;
    private final LongDictionary fixed;
    private final BytesDictionary text;
    private final PlainPages fallback;
    private PageWriter pages;
    /** Whether the row group gave up its dictionary: its pages are then plain. */
    private boolean plain;
    /** The dictionary ids used by the dictionary pages written so far: ids below this. */
    private int written;
    private boolean firstPage;

    private final byte[] defined = new byte[PAGE_ROWS];
    private final int[] ids = new int[PAGE_ROWS];
    private final HybridIds hybrid = new HybridIds();
    private int rows;
    private int nulls;
    private int present;
    /** The page's size if it were plain, which is what the page size is checked against (as parquet-java does). */
    private long rawBytes;
    private long unencodedBytes;
    private long min;
    private long max;
    /** Per id: the number of the page that last saw it, so that each value is compared once per page. */
    private int[] seenOnPage = new int[1024];
    private int page;
    private int minId;
    private int maxId;
    private Statistics<?> stats;

    DictionaryPages(BatchColumn column) {
        this.column = column;
        this.kind = column.kind;
        this.width = switch (kind) {
            case INT64, DOUBLE -> 8;
            case INT32, FLOAT -> 4;
            default -> 0;
        };
        this.fixed = width > 0 ? new LongDictionary(width) : null;
        this.text = width == 0 ? new BytesDictionary() : null;
        this.fallback = new PlainPages(column);
    }

    @Override
    public void start(PageWriter pageWriter) {
        pages = pageWriter;
        plain = false;
        written = 0;
        firstPage = true;
        if (fixed != null) {
            fixed.clear();
        } else {
            text.clear();
        }
        Arrays.fill(seenOnPage, 0);
        page = 0;
        startPage();
    }

    private void startPage() {
        rows = 0;
        nulls = 0;
        present = 0;
        rawBytes = 0;
        unencodedBytes = 0;
        min = Long.MAX_VALUE;
        max = Long.MIN_VALUE;
        minId = -1;
        maxId = -1;
        page++;
        stats = Statistics.createStats(column.descriptor.getPrimitiveType());
    }

    private int dictionarySize() {
        return fixed != null ? fixed.size() : text.size();
    }

    private long dictionaryBytes() {
        return fixed != null ? fixed.byteSize() : text.byteSize();
    }

    @Override
    public long bufferedBytes() {
        return plain ? fallback.bufferedBytes() + dictionaryBytes()
                : pages.getMemSize() + rawBytes + dictionaryBytes();
    }

    @Override
    public void append(int[] selection, int from, int to) throws IOException {
        int i = from;
        while (i < to && !plain) {
            int row = selection == null ? i : selection[i];
            i++;
            if (!column.present(row)) {
                defined[rows++] = 0;
                nulls++;
            } else {
                defined[rows++] = 1;
                int id = switch (kind) {
                    case INT64 -> {
                        long v = column.longAt(row);
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                        yield fixed.id(v);
                    }
                    case INT32 -> {
                        int v = column.intAt(row);
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                        yield fixed.id(v);
                    }
                    case DOUBLE -> seen(fixed.id(column.longAt(row)));
                    case FLOAT -> seen(fixed.id(column.intAt(row)));
                    default -> {
                        int length = column.text.length(row);
                        unencodedBytes += length;
                        rawBytes += 4 + length;
                        yield seen(text.id(column.text.data(), column.text.start(row), length));
                    }
                };
                ids[present++] = id;
            }
            if (rows == PAGE_ROWS || rawBytes + (long) present * width >= PAGE_BYTES) {
                flushPage();
            }
        }
        if (i < to) {
            fallback.append(selection, i, to);
        }
    }

    /** Compares a value of a float, double or text column with the page's bounds, once per page. */
    private int seen(int id) {
        if (id >= seenOnPage.length) {
            seenOnPage = Arrays.copyOf(seenOnPage, Math.max(id + 1, seenOnPage.length * 2));
        }
        if (seenOnPage[id] != page) {
            seenOnPage[id] = page;
            switch (kind) {
                case DOUBLE -> ((DoubleStatistics) stats).updateStats(Double.longBitsToDouble(fixed.value(id)));
                case FLOAT -> ((FloatStatistics) stats).updateStats(Float.intBitsToFloat((int) fixed.value(id)));
                default -> {
                    if (minId < 0 || compareText(id, minId) < 0) {
                        minId = id;
                    }
                    if (maxId < 0 || compareText(id, maxId) > 0) {
                        maxId = id;
                    }
                }
            }
        }
        return id;
    }

    private int compareText(int a, int b) {
        byte[] bytes = text.bytes();
        int x = text.start(a);
        int y = text.start(b);
        return ColumnPages.compareBytes(bytes, x, text.length(a), bytes, y, text.length(b));
    }

    @Override
    public void endRowGroup() throws IOException {
        if (!plain) {
            flushPage();
        }
        if (plain) {
            fallback.endRowGroup();
        }
        if (written > 0) {
            byte[] dictionary = fixed != null ? fixed.plain(written) : text.plain(written);
            pages.writeDictionaryPage(new DictionaryPage(BytesInput.from(dictionary), written,
                    Encoding.PLAIN_DICTIONARY));
        }
    }

    /** Writes the page built so far with the dictionary, or plain when the dictionary is given up here. */
    @SuppressWarnings("deprecation")
    private void flushPage() throws IOException {
        if (rows == 0) {
            return;
        }
        if (dictionarySize() == 0) {
            // only nulls so far: a page of levels alone, and no dictionary the readers would have to find
            stats.incrementNumNulls(nulls);
            ColumnPages.writePage(pages, column.descriptor, defined, rows, nulls, BytesInput.empty(), stats, 0,
                    Encoding.PLAIN);
            startPage();
            return;
        }
        long raw = rawBytes + (long) present * width;
        int bitWidth = 32 - Integer.numberOfLeadingZeros(Math.max(0, dictionarySize() - 1));
        long encoded = (long) present * bitWidth / 8;
        boolean keep = dictionaryBytes() <= MAX_DICTIONARY_BYTES
                && (!firstPage || present == 0 || encoded + dictionaryBytes() < raw);
        firstPage = false;
        stats.incrementNumNulls(nulls);
        if (present > 0) {
            ColumnPages.integerBounds(stats, kind, min, max);
            if (kind == BatchColumn.Kind.TEXT) {
                stats.updateStats(textValue(minId));
                stats.updateStats(textValue(maxId));
            }
        }
        if (keep) {
            BytesInput values = BytesInput.concat(BytesInput.from(new byte[]{(byte) bitWidth}),
                    hybrid.encode(ids, present, bitWidth));
            ColumnPages.writePage(pages, column.descriptor, defined, rows, nulls, values, stats, unencodedBytes,
                    Encoding.PLAIN_DICTIONARY);
            written = dictionarySize();
            startPage();
        } else {
            byte[] values = fixed != null ? fixed.plain(ids, present) : text.plain(ids, present);
            ColumnPages.writePage(pages, column.descriptor, defined, rows, nulls, BytesInput.from(values), stats,
                    unencodedBytes, Encoding.PLAIN);
            plain = true;
            fallback.start(pages);
        }
    }

    private Binary textValue(int id) {
        int start = text.start(id);
        return Binary.fromConstantByteArray(Arrays.copyOfRange(text.bytes(), start, start + text.length(id)));
    }
}
