package io.dativo.plugins.jdbc;

import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import java.sql.Types;
import java.util.Set;

/**
 * A column of a source table or query as the database describes it.
 *
 * @param name     its name as the database spells it
 * @param jdbcType its {@link Types} code
 * @param typeName the database's name of its type, lower case ({@code int4}, {@code _text}, {@code mood})
 */
record SourceColumn(String name, int jdbcType, String typeName) {

    /** The spatial types of MySQL and MariaDB, which drivers hand out in the server's internal format. */
    static final Set<String> GEOMETRY = Set.of("geometry", "point", "linestring", "polygon", "multipoint",
            "multilinestring", "multipolygon", "geometrycollection", "geomcollection");

    /** Whether it holds MySQL/MariaDB geometry. */
    boolean geometry() {
        return GEOMETRY.contains(typeName);
    }

    /**
     * What to select for contract field {@code field}: as {@link #expression(Dialect)}, and MySQL/MariaDB geometry
     * as standard WKB for a binary field or WKT for a text field (the server's own format has an SRID in front).
     */
    String expression(Dialect dialect, FieldSpec field) {
        if (dialect == Dialect.MYSQL && geometry()) {
            String fn = field.type() == DataType.BINARY ? "ST_AsBinary" : field.type() == DataType.STRING
                    ? "ST_AsText" : null;
            if (fn != null) {
                return fn + "(" + dialect.quote(name) + ")";
            }
        }
        return expression(dialect);
    }

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
