package io.dativo.plugins.jdbc;

import java.sql.Types;

/**
 * A column of a source table or query as the database describes it.
 *
 * @param name     its name as the database spells it
 * @param jdbcType its {@link Types} code
 * @param typeName the database's name of its type, lower case ({@code int4}, {@code _text}, {@code mood})
 */
record SourceColumn(String name, int jdbcType, String typeName) {

    /** Whether it holds arrays. */
    boolean array() {
        return jdbcType == Types.ARRAY;
    }

    /**
     * What to select: the quoted column, or on PostgreSQL an array as its JSON text, which both read paths then
     * take as text ({@code [1,2,null]}, {@code ["a","b c"]}, nested arrays nested).
     */
    String expression(Dialect dialect) {
        return dialect == Dialect.POSTGRES && array() ? "array_to_json(" + dialect.quote(name) + ")::text"
                : dialect.quote(name);
    }
}
