package io.dativo.plugins.jdbc;

import io.dativo.api.DataType;
import io.dativo.api.DiscoveredObject;
import io.dativo.api.FieldSpec;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Lists a database's tables and views with their columns as contract fields: types, nullability (a {@code NOT NULL}
 * column is a required field) and primary key columns.
 */
final class Discovery {

    private static final Set<String> SYSTEM_SCHEMAS = Set.of("information_schema", "pg_catalog", "pg_toast",
            "mysql", "performance_schema", "sys");

    private Discovery() {
    }

    static List<DiscoveredObject> discover(Connection c, Dialect dialect) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        String catalog = dialect == Dialect.MYSQL ? c.getCatalog() : null;
        List<DiscoveredObject> out = new ArrayList<>();
        try (ResultSet t = md.getTables(catalog, null, "%", new String[]{"TABLE", "VIEW"})) {
            while (t.next()) {
                String schema = dialect == Dialect.MYSQL ? null : t.getString("TABLE_SCHEM");
                String table = t.getString("TABLE_NAME");
                if (schema != null && SYSTEM_SCHEMAS.contains(schema.toLowerCase(Locale.ROOT))
                        || table.startsWith("dativo_")) {
                    continue;
                }
                Set<String> keys = new HashSet<>();
                try (ResultSet pk = md.getPrimaryKeys(catalog, schema, table)) {
                    while (pk.next()) {
                        keys.add(pk.getString("COLUMN_NAME"));
                    }
                }
                List<FieldSpec> fields = new ArrayList<>();
                try (ResultSet col = md.getColumns(catalog, schema, table, "%")) {
                    while (col.next()) {
                        FieldSpec f = field(col);
                        fields.add(keys.contains(f.name()) ? f.withPrimaryKey(true) : f);
                    }
                }
                String name = schema == null || schema.equals("public") ? table : schema + "." + table;
                out.add(new DiscoveredObject(name, fields));
            }
        }
        return out;
    }

    private static FieldSpec field(ResultSet col) throws SQLException {
        int jdbc = col.getInt("DATA_TYPE");
        String typeName = col.getString("TYPE_NAME").toLowerCase(Locale.ROOT);
        int size = col.getInt("COLUMN_SIZE");
        int scale = col.getInt("DECIMAL_DIGITS");
        boolean required = col.getInt("NULLABLE") == DatabaseMetaData.columnNoNulls;
        if (SourceColumn.GEOMETRY.contains(typeName)) {
            // read as standard WKB (the reader selects ST_AsBinary)
            return new FieldSpec(col.getString("COLUMN_NAME"), DataType.BINARY, required, null, null,
                    DataType.DEFAULT_PRECISION, DataType.DEFAULT_SCALE);
        }
        if (typeName.equals("bigint unsigned")) {
            // above Long.MAX_VALUE: kept exact as a decimal of 20 digits
            return new FieldSpec(col.getString("COLUMN_NAME"), DataType.DECIMAL, required, null, null, 20, 0);
        }
        DataType type = switch (jdbc) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> DataType.LONG;
            case Types.REAL -> DataType.FLOAT;
            case Types.FLOAT, Types.DOUBLE -> DataType.DOUBLE;
            case Types.NUMERIC, Types.DECIMAL -> DataType.DECIMAL;
            case Types.BIT, Types.BOOLEAN -> size > 1 && typeName.startsWith("bit") ? DataType.BINARY
                    : DataType.BOOLEAN;
            case Types.DATE -> typeName.equals("year") ? DataType.LONG : DataType.DATE;
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> DataType.TIMESTAMP;
            case Types.TIME, Types.TIME_WITH_TIMEZONE -> DataType.TIME;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> DataType.BINARY;
            default -> typeName.startsWith("json") ? DataType.JSON : DataType.STRING;
        };
        int precision = type == DataType.DECIMAL ? (size <= 0 || size > 38 ? 38 : size) : DataType.DEFAULT_PRECISION;
        int sc = type == DataType.DECIMAL ? (size <= 0 || size > 38 ? Math.min(DataType.DEFAULT_SCALE, 38) : scale)
                : DataType.DEFAULT_SCALE;
        return new FieldSpec(col.getString("COLUMN_NAME"), type, required, null, null, precision, sc);
    }
}
