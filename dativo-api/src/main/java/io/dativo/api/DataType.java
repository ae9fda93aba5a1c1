package io.dativo.api;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * The types a data contract may give a field, each with one Arrow type.
 *
 * @since 0.1
 */
public enum DataType {
    /** UTF-8 text. */
    STRING,
    /** 64-bit signed integer ({@code integer} and {@code long}). */
    LONG,
    /** 32-bit IEEE float. */
    FLOAT,
    /** 64-bit IEEE float ({@code double} and {@code number}). */
    DOUBLE,
    /** Exact decimal with the field's precision and scale. */
    DECIMAL,
    /** true or false. */
    BOOLEAN,
    /** A calendar date. */
    DATE,
    /** An instant, microseconds since the epoch in UTC; text without an offset is read as UTC. */
    TIMESTAMP,
    /** A time of day, microseconds. */
    TIME,
    /** Bytes; text input is base64. */
    BINARY,
    /** A JSON document, kept as text after it is checked to parse. */
    JSON;

    /** Default precision of a decimal whose contract gives none. */
    public static final int DEFAULT_PRECISION = 38;
    /** Default scale of a decimal whose contract gives none. */
    public static final int DEFAULT_SCALE = 9;

    private static final Map<String, DataType> NAMES = Map.ofEntries(
            Map.entry("string", STRING), Map.entry("text", STRING), Map.entry("varchar", STRING),
            Map.entry("integer", LONG), Map.entry("int", LONG), Map.entry("long", LONG), Map.entry("bigint", LONG),
            Map.entry("float", FLOAT), Map.entry("double", DOUBLE), Map.entry("number", DOUBLE),
            Map.entry("decimal", DECIMAL), Map.entry("numeric", DECIMAL), Map.entry("boolean", BOOLEAN),
            Map.entry("bool", BOOLEAN), Map.entry("date", DATE), Map.entry("timestamp", TIMESTAMP),
            Map.entry("datetime", TIMESTAMP), Map.entry("time", TIME), Map.entry("binary", BINARY),
            Map.entry("bytes", BINARY), Map.entry("json", JSON));

    /** The type a contract names, such as {@code integer} or {@code datetime}; empty for an unknown name. */
    public static Optional<DataType> parse(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(NAMES.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The type names a contract may use. */
    public static java.util.Set<String> names() {
        return new java.util.TreeSet<>(NAMES.keySet());
    }

    /** The name a contract uses for this type, such as {@code integer} or {@code timestamp}. */
    public String contractName() {
        return this == LONG ? "integer" : name().toLowerCase(Locale.ROOT);
    }

    /** The Arrow type of values of this type. */
    public ArrowType arrowType(int precision, int scale) {
        return switch (this) {
            case STRING, JSON -> ArrowType.Utf8.INSTANCE;
            case LONG -> new ArrowType.Int(64, true);
            case FLOAT -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case DECIMAL -> new ArrowType.Decimal(precision, scale, 128);
            case BOOLEAN -> ArrowType.Bool.INSTANCE;
            case DATE -> new ArrowType.Date(DateUnit.DAY);
            case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
            case TIME -> new ArrowType.Time(TimeUnit.MICROSECOND, 64);
            case BINARY -> ArrowType.Binary.INSTANCE;
        };
    }
}
