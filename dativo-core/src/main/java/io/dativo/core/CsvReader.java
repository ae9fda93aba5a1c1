package io.dativo.core;

import io.dativo.api.BaseReader;
import io.dativo.api.BatchSink;
import io.dativo.api.DativoException;
import io.dativo.api.DiscoveredObject;
import io.dativo.api.FieldSpec;
import io.dativo.api.FieldType;
import io.dativo.api.ReadContext;
import io.dativo.api.SourceBatch;
import io.dativo.api.SourceConfig;
import io.dativo.api.SourceDataException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Reads CSV files into batches of text columns; the pipeline coerces them to the contract. Engine options:
 * {@code encoding} (default utf-8; a byte order mark wins), {@code delimiter} (default {@code ,}; {@code \t} or
 * {@code tab} for tabs), {@code quote_char} (default {@code "}), {@code header} (default true; without a header,
 * columns take the contract's field names in order), {@code null_values} (default: the empty unquoted field),
 * {@code batch_size}.
 */
public final class CsvReader implements BaseReader {

    private SourceConfig source;

    @Override
    public Set<String> connectorTypes() {
        return Set.of("csv");
    }

    @Override
    public void open(SourceConfig source) {
        this.source = source;
    }

    @Override
    public List<DiscoveredObject> discover() throws IOException {
        List<DiscoveredObject> out = new ArrayList<>();
        for (SourceFiles.Entry e : SourceFiles.expand(source)) {
            try (CsvParser p = parser(e)) {
                List<FieldSpec> fields = new ArrayList<>();
                if (p.next()) {
                    for (int i = 0; i < p.fieldCount(); i++) {
                        fields.add(FieldSpec.of(header() ? p.text(i) : "column_" + (i + 1), FieldType.STRING, false));
                    }
                }
                out.add(new DiscoveredObject(e.object(), fields));
            }
        }
        return out;
    }

    @Override
    public void extract(ReadContext context, BatchSink sink) throws Exception {
        for (SourceFiles.Entry e : SourceFiles.expand(source)) {
            if (context.cancelled()) {
                return;
            }
            readFile(e, context, sink);
        }
    }

    private boolean header() {
        Object h = source.engineOptions().get("header");
        return h == null || Boolean.parseBoolean(h.toString()) || "1".equals(h.toString());
    }

    private CsvParser parser(SourceFiles.Entry e) throws IOException {
        String delimiter = source.option("delimiter", ",");
        if (delimiter.equals("\\t") || delimiter.equalsIgnoreCase("tab")) {
            delimiter = "\t";
        }
        String quote = source.option("quote_char", "\"");
        if (delimiter.length() != 1 || quote.length() != 1) {
            throw new DativoException("source.engine.options: delimiter and quote_char must be one character each");
        }
        return new CsvParser(SourceFiles.openUtf8(e.path(), SourceFiles.charset(source.option("encoding", "utf-8"))),
                e.label(), (byte) delimiter.charAt(0), (byte) quote.charAt(0));
    }

    private byte[][] nullTokens() {
        Object v = source.engineOptions().get("null_values");
        List<?> tokens = v instanceof List<?> l ? l : v == null ? List.of("") : List.of(v);
        return tokens.stream().map(t -> String.valueOf(t).getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    private void readFile(SourceFiles.Entry e, ReadContext context, BatchSink sink) throws Exception {
        byte[][] nulls = nullTokens();
        try (CsvParser p = parser(e)) {
            List<String> names = new ArrayList<>();
            if (header()) {
                if (!p.next()) {
                    return;
                }
                for (int i = 0; i < p.fieldCount(); i++) {
                    names.add(p.text(i).trim());
                }
            } else {
                context.asset().schema().forEach(f -> names.add(f.name()));
            }
            int batchSize = context.batchSize();
            VectorSchemaRoot root = null;
            long[] lines = new long[batchSize];
            int n = 0;
            try {
                while (p.next()) {
                    if (root == null) {
                        root = newBatch(names, context, batchSize);
                    }
                    int fields = p.fieldCount();
                    if (fields != names.size()) {
                        if (!header() && fields > names.size()) {
                            throw new SourceDataException(e.label() + ":" + p.recordLine(), "row has " + fields
                                    + " fields but the contract has " + names.size());
                        }
                        throw new SourceDataException(e.label() + ":" + p.recordLine(), "row has " + fields
                                + " fields where the " + (header() ? "header has " : "contract has ") + names.size());
                    }
                    List<FieldVector> vectors = root.getFieldVectors();
                    byte[] bytes = p.bytes();
                    for (int c = 0; c < fields; c++) {
                        VarCharVector v = (VarCharVector) vectors.get(c);
                        int start = p.start(c);
                        int len = p.length(c);
                        if (!p.quoted(c) && isNull(bytes, start, len, nulls)) {
                            v.setNull(n);
                        } else {
                            v.setSafe(n, bytes, start, len);
                        }
                    }
                    lines[n++] = p.recordLine();
                    if (n == batchSize) {
                        emit(root, n, e, lines, sink);
                        root = null;
                        lines = new long[batchSize];
                        n = 0;
                        if (context.cancelled()) {
                            return;
                        }
                    }
                }
                if (root != null) {
                    emit(root, n, e, Arrays.copyOf(lines, n), sink);
                    root = null;
                }
            } finally {
                if (root != null) {
                    root.close();
                }
            }
        }
    }

    private static void emit(VectorSchemaRoot root, int rows, SourceFiles.Entry e, long[] lines, BatchSink sink)
            throws Exception {
        for (FieldVector v : root.getFieldVectors()) {
            v.setValueCount(rows);
        }
        root.setRowCount(rows);
        sink.accept(new SourceBatch(root, e.object(), e.label(), lines));
    }

    private static VectorSchemaRoot newBatch(List<String> names, ReadContext context, int batchSize) {
        List<FieldVector> vectors = new ArrayList<>(names.size());
        try {
            for (String name : names) {
                VarCharVector v = new VarCharVector(name, context.allocator());
                v.allocateNew(batchSize * 16L, batchSize);
                vectors.add(v);
            }
        } catch (RuntimeException ex) {
            vectors.forEach(FieldVector::close);
            throw ex;
        }
        return new VectorSchemaRoot(vectors);
    }

    private static boolean isNull(byte[] bytes, int start, int len, byte[][] tokens) {
        for (byte[] t : tokens) {
            if (t.length == len && Arrays.equals(bytes, start, start + len, t, 0, len)) {
                return true;
            }
        }
        return false;
    }

}
