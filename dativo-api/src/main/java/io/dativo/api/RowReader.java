package io.dativo.api;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A base class for readers that think in rows: yield batches of {@code List<Map<String, Object>>} and this class
 * turns each into an Arrow batch. Values may be {@link String}, {@link Number}, {@link Boolean},
 * {@link java.time.LocalDate}, {@link java.time.LocalDateTime}, {@link java.time.Instant},
 * {@link java.time.OffsetDateTime}, {@link java.time.LocalTime} or {@code byte[]}; anything else is passed as its
 * {@code toString()}. The pipeline then coerces each column to the contract's type, as for any reader.
 *
 * @since 0.1
 */
public abstract class RowReader implements BaseReader {

    /** The source configuration given to {@link #open(SourceConfig)}. */
    protected SourceConfig source;

    @Override
    public void open(SourceConfig source) throws Exception {
        this.source = source;
    }

    /** Yields the source's records in batches. */
    protected abstract Iterator<List<Map<String, Object>>> extractRows(ReadContext context) throws Exception;

    /** The object name reported with the batches; by default the first of {@code source.objects}. */
    protected String objectName() {
        return source != null && !source.objects().isEmpty() ? source.objects().get(0) : getClass().getSimpleName();
    }

    @Override
    public final void extract(ReadContext context, BatchSink sink) throws Exception {
        Iterator<List<Map<String, Object>>> batches = extractRows(context);
        int n = 0;
        while (batches.hasNext() && !context.cancelled()) {
            List<Map<String, Object>> rows = batches.next();
            n++;
            if (rows == null || rows.isEmpty()) {
                continue;
            }
            sink.accept(SourceBatch.of(Rows.toArrow(rows, context.allocator()), objectName(), "batch " + n));
        }
    }
}
