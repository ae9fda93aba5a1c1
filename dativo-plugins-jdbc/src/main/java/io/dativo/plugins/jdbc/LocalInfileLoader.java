package io.dativo.plugins.jdbc;

import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.mariadb.jdbc.Statement;

/**
 * Loads Arrow batches into a MySQL/MariaDB table with {@code LOAD DATA LOCAL INFILE}, each batch streamed from memory
 * as tab-separated text through MariaDB Connector/J's {@code setLocalInfileInputStream} (no file is written, and the
 * driver sends that stream whatever file name the server asks for). NULL travels as {@code \N}, binary values as hex
 * that the statement decodes with {@code UNHEX}. Times are UTC, as the writer's sessions are.
 */
final class LocalInfileLoader {

    private static final LocalDateTime EPOCH = LocalDateTime.of(1970, 1, 1, 0, 0);
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS");
    private static final byte[] NULL = {'\\', 'N'};

    private final List<FieldSpec> fields;
    private final String sql;
    private byte[] buf = new byte[1 << 16];
    private int len;

    /** A loader into {@code table} (quoted) of the columns of {@code fields}. */
    LocalInfileLoader(Dialect dialect, String table, List<FieldSpec> fields) {
        this.fields = fields;
        StringBuilder cols = new StringBuilder();
        StringBuilder set = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            FieldSpec f = fields.get(i);
            cols.append(i == 0 ? "" : ", ");
            if (f.type() == DataType.BINARY) {
                cols.append("@b").append(i);
                set.append(set.isEmpty() ? " SET " : ", ").append(dialect.quote(f.name())).append(" = UNHEX(@b")
                        .append(i).append(')');
            } else {
                cols.append(dialect.quote(f.name()));
            }
        }
        this.sql = "LOAD DATA LOCAL INFILE 'dativo.tsv' INTO TABLE " + table + " CHARACTER SET utf8mb4 FIELDS "
                + "TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (" + cols + ")" + set;
    }

    /**
     * Whether {@code e} says that the server or the driver does not allow {@code LOAD DATA LOCAL} (then nothing was
     * loaded, and batched inserts do the work), rather than that the load itself failed.
     */
    static boolean refused(SQLException e) {
        int code = e.getErrorCode();
        String msg = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        // 1148: the used command is not allowed (local_infile OFF); 3948: MySQL 8's "loading local data is disabled"
        return code == 1148 || code == 3948 || msg.contains("local infile") || msg.contains("local data")
                || msg.contains("localinfile");
    }

    /** Loads the rows of {@code batch} on {@code c}; returns how many the server took. */
    long load(Connection c, VectorSchemaRoot batch) throws SQLException {
        var plain = c.createStatement();
        if (!plain.isWrapperFor(Statement.class)) {
            plain.close();
            // another driver (a host's MySQL Connector/J): refused like a server that disallows it
            throw new SQLException("LOAD DATA LOCAL INFILE from memory needs MariaDB Connector/J", "0A000");
        }
        encode(batch);
        try (Statement s = plain.unwrap(Statement.class)) {
            s.setLocalInfileInputStream(new ByteArrayInputStream(buf, 0, len));
            return s.executeLargeUpdate(sql);
        }
    }

    private void encode(VectorSchemaRoot batch) {
        len = 0;
        List<FieldVector> vectors = fields.stream().map(f -> batch.getVector(f.name())).collect(Collectors.toList());
        for (int row = 0; row < batch.getRowCount(); row++) {
            for (int f = 0; f < vectors.size(); f++) {
                if (f > 0) {
                    put((byte) '\t');
                }
                value(fields.get(f), vectors.get(f), row);
            }
            put((byte) '\n');
        }
    }

    private void value(FieldSpec field, FieldVector v, int row) {
        if (v.isNull(row)) {
            put(NULL);
            return;
        }
        switch (field.type()) {
            case STRING, JSON -> escaped(((VarCharVector) v).get(row));
            case LONG -> ascii(Long.toString(((BigIntVector) v).get(row)));
            case FLOAT -> ascii(Float.toString(((Float4Vector) v).get(row)));
            case DOUBLE -> ascii(Double.toString(((Float8Vector) v).get(row)));
            case DECIMAL -> ascii(((DecimalVector) v).getObject(row).toPlainString());
            case BOOLEAN -> put(((BitVector) v).get(row) != 0 ? (byte) '1' : (byte) '0');
            case DATE -> ascii(LocalDate.ofEpochDay(((DateDayVector) v).get(row)).toString());
            case TIMESTAMP -> ascii(TIMESTAMP.format(EPOCH.plus(((TimeStampMicroTZVector) v).get(row),
                    ChronoUnit.MICROS)));
            case TIME -> ascii(TIME.format(LocalTime.ofNanoOfDay(((TimeMicroVector) v).get(row) * 1000)));
            case BINARY -> ascii(HexFormat.of().formatHex(((VarBinaryVector) v).get(row)));
        }
    }

    /** UTF-8 text with the characters LOAD DATA gives meaning to escaped; no UTF-8 sequence holds those bytes. */
    private void escaped(byte[] text) {
        for (byte b : text) {
            switch (b) {
                case '\\' -> put2('\\', '\\');
                case '\t' -> put2('\\', 't');
                case '\n' -> put2('\\', 'n');
                case '\r' -> put2('\\', 'r');
                case 0 -> put2('\\', '0');
                default -> put(b);
            }
        }
    }

    private void ascii(String s) {
        put(s.getBytes(StandardCharsets.US_ASCII));
    }

    private void put2(char a, char b) {
        put((byte) a);
        put((byte) b);
    }

    private void put(byte b) {
        if (len == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        buf[len++] = b;
    }

    private void put(byte[] bytes) {
        if (len + bytes.length > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + bytes.length));
        }
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }
}
