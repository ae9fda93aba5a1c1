package io.dativo.plugins.jdbc;

import io.dativo.api.IncrementalSpec;
import io.dativo.api.SourceConfig;
import io.dativo.api.TableSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One thing a source reads: a table (possibly schema-qualified) or a query, the object its state and output go by,
 * its cursor column when the read is incremental, and the column its ranges are cut on.
 *
 * @param object          the object name
 * @param table           the table, or {@code null} for a query
 * @param query           the query, or {@code null} for a table
 * @param cursorField     the cursor column, or {@code null} for a full read
 * @param lookbackDays    days before the last cursor to read again
 * @param partitionColumn the column ranges are cut on, or {@code null}
 * @param partitions      how many ranges
 */
record TableRead(String object, String table, String query, String cursorField, int lookbackDays,
                 String partitionColumn, int partitions) {

    private static final Set<String> CURSOR_STRATEGIES = Set.of("updated_at", "cursor");

    /** The reads {@code source} asks for; a query is read as object {@code queryObject}. */
    static List<TableRead> of(SourceConfig source, String queryObject) {
        IncrementalSpec inc = source.incremental();
        boolean incremental = inc != null && inc.strategy() != null && CURSOR_STRATEGIES.contains(inc.strategy());
        String defaultCursor = incremental ? inc.cursorField() : null;
        int lookback = incremental ? inc.lookbackDays() : 0;
        String partitionColumn = source.option("partition_column", null);
        int partitions = Integer.parseInt(source.option("partitions", "1"));
        List<TableRead> out = new ArrayList<>();
        for (TableSpec t : source.tables()) {
            String cursor = incremental ? (t.cursorField() != null ? t.cursorField() : defaultCursor) : null;
            out.add(new TableRead(t.object() != null ? t.object() : t.name(), t.name(), null, cursor, lookback,
                    t.partitionColumn() != null ? t.partitionColumn() : partitionColumn,
                    t.partitions() != null ? t.partitions() : partitions));
        }
        for (String name : source.objects()) {
            out.add(new TableRead(name, name, null, defaultCursor, lookback, partitionColumn, partitions));
        }
        if (source.query() != null && !source.query().isBlank()) {
            out.add(new TableRead(queryObject, null, source.query(), defaultCursor, lookback, partitionColumn,
                    partitions));
        }
        return out;
    }

    /** The table or query, for messages. */
    String label() {
        return table != null ? "table " + table : "query of " + object;
    }

    /** The relation to select from: the quoted table, or the query as a derived table. */
    String from(Dialect dialect) {
        return table != null ? dialect.qualified(table) : "(" + query + ") dativo_q";
    }
}
