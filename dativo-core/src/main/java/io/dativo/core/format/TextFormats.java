package io.dativo.core.format;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.dativo.api.AssetDefinition;
import io.dativo.api.FieldSpec;
import io.dativo.core.vector.ValueText;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** CSV and JSON Lines output; values are written in the canonical text the validator reads back. */
public final class TextFormats {

    private TextFormats() {
    }

    /** Counts the bytes that pass, so files can be cut at a size. */
    private static final class CountingStream extends java.io.FilterOutputStream {
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
        final CountingStream counter;

        LineFormat(Path file) throws IOException {
            counter = new CountingStream(new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
        }

        abstract void row(List<FieldVector> vectors, int r) throws IOException;

        @Override
        public void write(VectorSchemaRoot root, int[] rows, int count) throws IOException {
            int n = rows == null ? root.getRowCount() : count;
            List<FieldVector> vectors = root.getFieldVectors();
            for (int i = 0; i < n; i++) {
                row(vectors, rows == null ? i : rows[i]);
            }
        }

        @Override
        public long bytes() {
            return counter.count;
        }
    }

    /** A CSV writer of {@code file}, with a header row of the columns of {@code asset}. */
    public static FormatWriter csv(Path file, AssetDefinition asset) throws IOException {
        return new LineFormat(file) {
            private final Writer w = new OutputStreamWriter(counter, StandardCharsets.UTF_8);

            {
                List<FieldSpec> fields = asset.schema();
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
            public void close() throws IOException {
                w.close();
            }
        };
    }

    private static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** A JSON Lines writer of {@code file}, one object per record with the columns of {@code asset}. */
    public static FormatWriter jsonl(Path file, AssetDefinition asset) throws IOException {
        List<FieldSpec> fields = asset.schema();
        return new LineFormat(file) {
            private final JsonGenerator g = new JsonFactory().createGenerator(counter, JsonEncoding.UTF8);

            {
                g.setRootValueSeparator(null);
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
                    } else if (fields.get(c).type() == io.dativo.api.FieldType.JSON) {
                        g.writeRawValue(ValueText.text(v, r));
                    } else if (fields.get(c).type() == io.dativo.api.FieldType.DECIMAL) {
                        g.writeNumber(ValueText.text(v, r));
                    } else {
                        g.writeString(ValueText.text(v, r));
                    }
                }
                g.writeEndObject();
                g.writeRaw('\n');
            }

            @Override
            public void close() throws IOException {
                g.close();
            }
        };
    }
}
