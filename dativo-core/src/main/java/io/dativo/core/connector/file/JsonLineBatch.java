package io.dativo.core.connector.file;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.dativo.api.FieldSpec;
import io.dativo.api.SourceBatch;
import io.dativo.api.SourceDataException;
import io.dativo.core.internal.Json;
import java.io.CharArrayWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Builds a batch of text columns from JSON Lines records, streaming each line's tokens into its fields' columns
 * without a map or a tree per record; validation then coerces the text to the contract's types, as it does for CSV.
 * A string is its decoded text, a number its text in the source (plain notation when written with an exponent), a
 * boolean {@code true} or {@code false}, a nested object or array its compact JSON text. Fields the contract does not
 * name are skipped unparsed and passed on as columns of nulls, which validation counts as dropped. Without a
 * contract every field is kept.
 */
final class JsonLineBatch {

    private final JsonFactory factory = Json.MAPPER.getFactory();
    private final int batchSize;
    private final boolean replace;
    private final Set<String> contractNames = new HashSet<>();
    private final Set<String> contractLower = new HashSet<>();
    private final Map<String, JsonColumn> columns = new HashMap<>();
    /** The columns the records of this batch name, in the order first named. */
    private final List<JsonColumn> inBatch = new ArrayList<>();
    private final CharArrayWriter nested = new CharArrayWriter();
    /** Reads most lines; null when every line goes through the general parser. */
    private final JsonLineScanner scanner;
    private long[] lines;
    private int rows;

    /**
     * A batch builder for records against the fields of {@code contract} (all fields when empty), with ill-formed
     * text replaced by U+FFFD when {@code replace} is set.
     */
    JsonLineBatch(List<FieldSpec> contract, int batchSize, boolean replace) {
        this(contract, batchSize, replace, true);
    }

    /** As above; with {@code scan} false, every line is read by the general parser, which tests compare with. */
    JsonLineBatch(List<FieldSpec> contract, int batchSize, boolean replace, boolean scan) {
        this.scanner = scan ? new JsonLineScanner(this) : null;
        this.batchSize = batchSize;
        this.replace = replace;
        for (FieldSpec f : contract) {
            contractNames.add(f.name());
            contractLower.add(f.name().toLowerCase(Locale.ROOT));
        }
        lines = new long[Math.min(batchSize, 1024)];
    }

    /** Records in the batch so far. */
    int rows() {
        return rows;
    }

    /** Whether the batch holds as many records as it may. */
    boolean full() {
        return rows == batchSize;
    }

    /**
     * Adds the record on line {@code lineNo}, the first {@code len} bytes of {@code line}; a blank line adds
     * nothing. {@code illFormed} says that the line was not valid UTF-8 (its bytes were escaped or replaced), which
     * an error then mentions.
     *
     * @throws SourceDataException naming {@code label} and the line when the line is not one JSON object
     */
    void add(byte[] line, int len, long lineNo, String label, boolean illFormed) {
        if ((len == 0 || line[0] != '{') && new String(line, 0, len, StandardCharsets.UTF_8).isBlank()) {
            return;
        }
        int row = rows;
        if (scanner != null && scanner.scan(line, len, row)) {
            line(lineNo);
            return;
        }
        for (JsonColumn c : inBatch) {
            c.dropRow(row);
        }
        try (JsonParser p = factory.createParser(line, 0, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw notAnObject(line, len, label + ":" + lineNo, illFormed);
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                JsonColumn c = column(p.currentName());
                JsonToken v = p.nextToken();
                if (!c.kept()) {
                    p.skipChildren();
                    continue;
                }
                c.startRow(row);
                value(p, v, c, row);
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new SourceDataException(label + ":" + lineNo, "not valid JSON: content after the object"
                        + (illFormed ? " (the line is not valid UTF-8)" : ""));
            }
        } catch (JsonProcessingException ex) {
            throw new SourceDataException(label + ":" + lineNo, "not valid JSON: " + ex.getOriginalMessage()
                    + (illFormed ? " (the line is not valid UTF-8)" : ""));
        } catch (IOException ex) {
            throw new SourceDataException(label + ":" + lineNo, "not valid JSON: " + ex.getMessage());
        }
        line(lineNo);
    }

    private void line(long lineNo) {
        if (rows == lines.length) {
            lines = Arrays.copyOf(lines, Math.min(batchSize, rows * 2));
        }
        lines[rows++] = lineNo;
    }

    /** The column of the field {@code name}, now part of the batch. */
    JsonColumn column(String name) {
        JsonColumn c = columns.get(name);
        if (c == null) {
            boolean kept = contractNames.isEmpty() || contractNames.contains(name)
                    || contractLower.contains(name.toLowerCase(Locale.ROOT));
            c = new JsonColumn(name, kept, batchSize);
            columns.put(name, c);
        }
        use(c);
        return c;
    }

    /** Makes {@code c} part of the batch, if it is not yet. */
    void use(JsonColumn c) {
        if (!c.inBatch) {
            c.inBatch = true;
            inBatch.add(c);
        }
    }

    private void value(JsonParser p, JsonToken v, JsonColumn c, int row) throws IOException {
        switch (v) {
            case VALUE_STRING, VALUE_NUMBER_INT -> c.appendChars(row, p.getTextCharacters(), p.getTextOffset(),
                    p.getTextLength(), replace);
            case VALUE_NUMBER_FLOAT -> {
                char[] text = p.getTextCharacters();
                int off = p.getTextOffset();
                int len = p.getTextLength();
                if (hasExponent(text, off, len)) {
                    c.appendAscii(row, new BigDecimal(text, off, len).toPlainString());
                } else {
                    c.appendChars(row, text, off, len, replace);
                }
            }
            case VALUE_TRUE -> c.appendAscii(row, "true");
            case VALUE_FALSE -> c.appendAscii(row, "false");
            case VALUE_NULL -> c.appendNull(row);
            case START_OBJECT, START_ARRAY -> {
                nested.reset();
                try (JsonGenerator g = factory.createGenerator(nested)) {
                    g.copyCurrentStructure(p);
                }
                char[] json = nested.toCharArray();
                c.appendChars(row, json, 0, json.length, replace);
            }
            default -> throw new IllegalStateException("unexpected token " + v);
        }
    }

    private static boolean hasExponent(char[] text, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (text[i] == 'e' || text[i] == 'E') {
                return true;
            }
        }
        return false;
    }

    /** The error for a line that does not start an object: not JSON at all, or JSON of another kind. */
    private static SourceDataException notAnObject(byte[] line, int len, String position, boolean illFormed) {
        try {
            Json.ONE_DOCUMENT.readTree(new String(line, 0, len, StandardCharsets.UTF_8));
        } catch (JsonProcessingException ex) {
            return new SourceDataException(position, "not valid JSON: " + ex.getOriginalMessage()
                    + (illFormed ? " (the line is not valid UTF-8)" : ""));
        }
        return new SourceDataException(position, "each line must be a JSON object");
    }

    /**
     * The records added since the last call as a batch of {@code object} read from {@code label}, which the caller
     * owns; starts the next batch.
     */
    SourceBatch take(BufferAllocator allocator, String object, String label) {
        List<FieldVector> vectors = new ArrayList<>(inBatch.size());
        try {
            for (JsonColumn c : inBatch) {
                if (c.kept()) {
                    VarCharVector v = new VarCharVector(c.name(), allocator);
                    vectors.add(v);
                    c.moveTo(v, rows);
                } else {
                    NullVector v = new NullVector(c.name());
                    v.setValueCount(rows);
                    vectors.add(v);
                    c.reset();
                }
            }
        } catch (RuntimeException ex) {
            vectors.forEach(FieldVector::close);
            throw ex;
        }
        VectorSchemaRoot root = new VectorSchemaRoot(vectors);
        root.setRowCount(rows);
        long[] batchLines = rows == lines.length ? lines : Arrays.copyOf(lines, rows);
        lines = new long[lines.length];
        inBatch.clear();
        rows = 0;
        return new SourceBatch(root, object, label, batchLines);
    }
}
