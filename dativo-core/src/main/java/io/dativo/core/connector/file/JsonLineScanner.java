package io.dativo.core.connector.file;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the common shape of a JSON Lines record straight from its UTF-8 bytes: one flat object whose names and
 * strings hold no escapes, whose numbers have no exponent, and whose values are strings, numbers, booleans or null.
 * String and number bytes are copied into their columns as they are, which is the text the general path would
 * produce; a field name is matched against the field that held its place in the previous record, so a file whose
 * records list their fields in one order compares bytes instead of hashing names. Anything else (an escape, an
 * exponent, a nested value, a value longer than the general parser's limits, or a syntax error) makes
 * {@link #scan} return false, and the caller reads the line with the general parser, which also reports its errors.
 * The scanner accepts only what the JSON grammar accepts.
 */
final class JsonLineScanner {

    /** Lengths up to which the general parser's default limits accept numbers, strings and names. */
    private static final int MAX_NUMBER = 1000;
    private static final int MAX_STRING = 20_000_000;
    private static final int MAX_NAME = 50_000;

    private final JsonLineBatch batch;
    /** The column of each field of the previous record, by place. */
    private JsonColumn[] previous = new JsonColumn[16];
    private byte[] b;
    private int pos;
    private int end;

    JsonLineScanner(JsonLineBatch batch) {
        this.batch = batch;
    }

    /**
     * Adds the record in the first {@code len} bytes of {@code line}, valid UTF-8, as {@code row}; false (with
     * some of the row's values possibly added) when the line is not of the shape this scanner reads.
     */
    boolean scan(byte[] line, int len, int row) {
        b = line;
        pos = 0;
        end = len;
        skipBlanks();
        if (pos >= end || b[pos] != '{') {
            return false;
        }
        pos++;
        skipBlanks();
        if (pos < end && b[pos] == '}') {
            pos++;
            return atEnd();
        }
        for (int k = 0; ; k++) {
            if (pos >= end || b[pos] != '"') {
                return false;
            }
            int name = ++pos;
            if (!plainString() || pos - name > MAX_NAME) {
                return false;
            }
            JsonColumn c = column(k, name, pos - name);
            pos++;
            skipBlanks();
            if (pos >= end || b[pos] != ':') {
                return false;
            }
            pos++;
            skipBlanks();
            if (!value(c, row)) {
                return false;
            }
            skipBlanks();
            if (pos >= end) {
                return false;
            }
            byte x = b[pos++];
            if (x == '}') {
                return atEnd();
            }
            if (x != ',') {
                return false;
            }
            skipBlanks();
        }
    }

    private JsonColumn column(int k, int start, int len) {
        if (k >= previous.length) {
            previous = Arrays.copyOf(previous, previous.length * 2);
        }
        JsonColumn c = previous[k];
        if (c != null && c.named(b, start, len)) {
            batch.use(c);
            return c;
        }
        c = batch.column(new String(b, start, len, StandardCharsets.UTF_8));
        previous[k] = c;
        return c;
    }

    private boolean value(JsonColumn c, int row) {
        if (pos >= end) {
            return false;
        }
        int start = pos;
        switch (b[pos]) {
            case '"' -> {
                start = ++pos;
                if (!plainString() || pos - start > MAX_STRING) {
                    return false;
                }
                int len = pos - start;
                pos++;
                if (c.kept()) {
                    c.startRow(row);
                    c.appendUtf8(row, b, start, len);
                }
                return true;
            }
            case 't' -> {
                return literal("true", c, row, false);
            }
            case 'f' -> {
                return literal("false", c, row, false);
            }
            case 'n' -> {
                return literal("null", c, row, true);
            }
            default -> {
                if (!number()) {
                    return false;
                }
                if (c.kept()) {
                    c.startRow(row);
                    c.appendUtf8(row, b, start, pos - start);
                }
                return true;
            }
        }
    }

    /**
     * Moves past a number of the JSON grammar without an exponent; false for anything else. What follows it is
     * checked by the caller, which expects a blank, a comma or the end of the object.
     */
    private boolean number() {
        int start = pos;
        if (b[pos] == '-') {
            pos++;
        }
        if (pos >= end) {
            return false;
        }
        if (b[pos] == '0') {
            pos++;
        } else if (b[pos] >= '1' && b[pos] <= '9') {
            digits();
        } else {
            return false;
        }
        if (pos < end && b[pos] == '.') {
            pos++;
            int fraction = pos;
            digits();
            if (pos == fraction) {
                return false;
            }
        }
        return (pos >= end || (b[pos] != 'e' && b[pos] != 'E')) && pos - start <= MAX_NUMBER;
    }

    private void digits() {
        while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
            pos++;
        }
    }

    private boolean literal(String word, JsonColumn c, int row, boolean isNull) {
        int n = word.length();
        if (end - pos < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[pos + i] != word.charAt(i)) {
                return false;
            }
        }
        if (c.kept()) {
            c.startRow(row);
            if (isNull) {
                c.appendNull(row);
            } else {
                c.appendUtf8(row, b, pos, n);
            }
        }
        pos += n;
        return true;
    }

    /** Moves to the closing quote of a string without escapes or control characters; false if there is none. */
    private boolean plainString() {
        for (int p = pos; p < end; p++) {
            byte x = b[p];
            if (x == '"') {
                pos = p;
                return true;
            }
            if (x == '\\' || (x >= 0 && x < 0x20)) {
                return false;
            }
        }
        return false;
    }

    private void skipBlanks() {
        while (pos < end && (b[pos] == ' ' || b[pos] == '\t' || b[pos] == '\r' || b[pos] == '\n')) {
            pos++;
        }
    }

    private boolean atEnd() {
        skipBlanks();
        return pos == end;
    }
}
