package io.dativo.core.validate;

import java.io.Serializable;

/**
 * One invalid value, or one missing column reported once for all its records.
 *
 * @param position where: {@code file:line}, {@code origin row N}, or the object for a missing column
 * @param field    the contract field
 * @param kind     {@code required}, {@code missing_field}, or {@code invalid_TYPE} such as {@code invalid_integer}
 * @param message  what is wrong
 * @param count    how many records this entry stands for (1, except for a missing column)
 */
public record ValidationError(String position, String field, String kind, String message, long count)
        implements Serializable {

    private static final long serialVersionUID = 1L;
}
