package io.dativo.api;

import java.util.Map;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * One field of a data contract's schema.
 *
 * @param name           the column name
 * @param type           its type
 * @param required       whether null or missing values are invalid
 * @param classification such as {@code PII} or {@code SENSITIVE}, or {@code null}
 * @param description    free text, or {@code null}
 * @param precision      decimal precision (digits in all)
 * @param scale          decimal scale (digits after the point)
 * @param primaryKey     whether the field is part of the contract's primary key, the default merge keys
 * @since 0.1
 */
public record FieldSpec(String name, DataType type, boolean required, String classification,
                        String description, int precision, int scale, boolean primaryKey) {

    /** A field that is not part of the primary key. */
    public FieldSpec(String name, DataType type, boolean required, String classification,
                     String description, int precision, int scale) {
        this(name, type, required, classification, description, precision, scale, false);
    }

    /** A field with no classification or description. */
    public static FieldSpec of(String name, DataType type, boolean required) {
        return new FieldSpec(name, type, required, null, null,
                DataType.DEFAULT_PRECISION, DataType.DEFAULT_SCALE);
    }

    /**
     * This field, part of the primary key or not.
     *
     * @since 0.2
     */
    public FieldSpec withPrimaryKey(boolean key) {
        return new FieldSpec(name, type, required, classification, description, precision, scale, key);
    }

    /** The Arrow field of this contract field; always nullable, since {@code warn} mode writes nulls. */
    public Field arrowField() {
        Map<String, String> meta = classification == null ? null : Map.of("classification", classification);
        return new Field(name, new FieldType(true, type.arrowType(precision, scale), null, meta), null);
    }

    /** True if values of this field must not appear in logs and error messages. */
    public boolean sensitive() {
        return classification != null && !classification.isBlank();
    }
}
