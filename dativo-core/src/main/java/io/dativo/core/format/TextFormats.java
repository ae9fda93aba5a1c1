package io.dativo.core.format;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.dativo.api.AssetDefinition;
import io.dativo.api.ColumnStats;
import io.dativo.api.FieldSpec;
import io.dativo.api.DataType;
import io.dativo.api.io.OutputFile;
import io.dativo.api.io.PendingFile;
import io.dativo.api.io.PositionOutputStream;
import io.dativo.core.vector.ValueText;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * CSV and JSON Lines output to an {@link OutputFile}; values are written in the canonical text the validator reads
 * back. Each column's value and null counts are kept as rows are written; text files carry no size per column and no
 * bounds.
 */
public final class TextFormats {

    private TextFormats() {
    }

    /** Counts the bytes that pass, so files can be cut at a size. */
    private static final class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /** A text format: one line per row, written by {@link #row}. */
    private abstract static class LineFormat implements FormatWriter {
        final PositionOutputStream stream;
        final CountingStream buffered;
        final List<FieldSpec> fields;
        final long[] nulls;
        long records;
        private boolean closed;
        private Written written;

        LineFormat(PositionOutputStream stream, AssetDefinition asset) {
            this.fields = asset.schema();
            this.nulls = new long[fields.size()];
            this.stream = stream;
            this.buffered = new CountingStream(new BufferedOutputStream(stream, 1 << 16));
        }

        /** Writes what comes before the first row, such as a header. */
        abstract void start() throws IOException;

        abstract void row(List<FieldVector> vectors, int r) throws IOException;

        /** Flushes and closes whatever the format wraps around {@link #buffered}. */
        abstract void finishStream() throws IOException;

        @Override
        public void write(VectorSchemaRoot root, int[] rows, int count) throws IOException {
            int n = rows == null ? root.getRowCount() : count;
            List<FieldVector> vectors = root.getFieldVectors();
            for (int i = 0; i < n; i++) {
                int r = rows == null ? i : rows[i];
                for (int c = 0; c < nulls.length; c++) {
                    if (vectors.get(c).isNull(r)) {
                        nulls[c]++;
                    }
                }
                row(vectors, r);
            }
            records += n;
        }

        @Override
        public long bytes() {
            return buffered.count;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                finishStream();
            } finally {
                stream.close();
            }
            Map<String, ColumnStats> columns = new LinkedHashMap<>();
            for (int c = 0; c < nulls.length; c++) {
                columns.put(fields.get(c).name(), new ColumnStats(records, nulls[c], -1, null, null));
            }
            PendingFile pending = stream.pending();
            written = new Written(pending, records, pending.size(), columns);
        }

        @Override
        public Written written() {
            if (written == null) {
                throw new IllegalStateException("the file is not closed yet");
            }
            return written;
        }

        @Override
        public PendingFile abort() {
            closed = true;
            try {
                stream.close();
                return stream.pending();
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }

    /** Opens {@code file} as {@code format} ({@code csv} or {@code jsonl}) for the columns of {@code asset}. */
    public static FormatWriter open(String format, OutputFile file, AssetDefinition asset) throws IOException {
        PositionOutputStream stream = file.create();
        try {
            LineFormat f = format.equals("csv") ? new Csv(stream, asset) : new JsonLines(stream, asset);
            f.start();
            return f;
        } catch (IOException | RuntimeException e) {
            try {
                stream.close();
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** CSV with a header row of the contract's columns. */
    private static final class Csv extends LineFormat {
        private final Writer w;

        Csv(PositionOutputStream stream, AssetDefinition asset) {
            super(stream, asset);
            w = new OutputStreamWriter(buffered, StandardCharsets.UTF_8);
        }

        @Override
        void start() throws IOException {
            for (int i = 0; i < fields.size(); i++) {
                w.write((i > 0 ? "," : "") + quote(fields.get(i).name()));
            }
            w.write('\n');
        }

        @Override
        void row(List<FieldVector> vectors, int r) throws IOException {
            for (int c = 0; c < vectors.size(); c++) {
                if (c > 0) {
                    w.write(',');
                }
                String s = ValueText.text(vectors.get(c), r);
                if (s != null) {
                    w.write(s.isEmpty() ? "\"\"" : quote(s));
                }
            }
            w.write('\n');
        }

        @Override
        void finishStream() throws IOException {
            w.close();
        }
    }

    private static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** JSON Lines: one object per record with the contract's columns. */
    private static final class JsonLines extends LineFormat {
        private final JsonGenerator g;

        JsonLines(PositionOutputStream stream, AssetDefinition asset) throws IOException {
            super(stream, asset);
            g = new JsonFactory().createGenerator(buffered, JsonEncoding.UTF8);
            g.setRootValueSeparator(null);
        }

        @Override
        void start() {
        }

        @Override
        void row(List<FieldVector> vectors, int r) throws IOException {
            g.writeStartObject();
            for (int c = 0; c < vectors.size(); c++) {
                FieldVector v = vectors.get(c);
                g.writeFieldName(v.getName());
                if (v.isNull(r)) {
                    g.writeNull();
                } else if (v instanceof BigIntVector x) {
                    g.writeNumber(x.get(r));
                } else if (v instanceof Float8Vector x) {
                    g.writeNumber(x.get(r));
                } else if (v instanceof Float4Vector x) {
                    g.writeNumber(x.get(r));
                } else if (v instanceof BitVector x) {
                    g.writeBoolean(x.get(r) == 1);
                } else if (fields.get(c).type() == DataType.JSON) {
                    g.writeRawValue(ValueText.text(v, r));
                } else if (fields.get(c).type() == DataType.DECIMAL) {
                    g.writeNumber(ValueText.text(v, r));
                } else {
                    g.writeString(ValueText.text(v, r));
                }
            }
            g.writeEndObject();
            g.writeRaw('\n');
        }

        @Override
        void finishStream() throws IOException {
            g.close();
        }
    }
}
