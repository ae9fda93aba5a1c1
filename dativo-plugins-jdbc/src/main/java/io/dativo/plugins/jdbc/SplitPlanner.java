package io.dativo.plugins.jdbc;

import io.dativo.api.ReadSplit;
import io.dativo.api.SourceDataException;
import io.dativo.api.StateRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Plans the splits of one table or query: fixes the cursor's high-water mark before anything is read (so rows that
 * share the boundary value all fall into this run or all into the next), and cuts the partition column's range into
 * equal ranges, plus one split for rows whose partition value is null.
 */
final class SplitPlanner {

    static final String OBJECT = "object";
    static final String CURSOR_FIELD = "cursor_field";
    static final String PART_COLUMN = "part_column";
    static final String CURSOR_KIND = "cursor_kind";
    static final String CURSOR_AFTER = "cursor_after";
    static final String CURSOR_UPTO = "cursor_upto";
    static final String PART_KIND = "part_kind";
    static final String PART_FROM = "part_from";
    static final String PART_BELOW = "part_below";
    static final String PART_UPTO = "part_upto";
    static final String PART_NULL = "part_null";

    /** State keys: the cursor column and its last value read. */
    static final String STATE_FIELD = "cursor_field";
    static final String STATE_CURSOR = "cursor";

    private final Dialect dialect;

    SplitPlanner(Dialect dialect) {
        this.dialect = dialect;
    }

    /** The splits of {@code read} and the state the whole of them covers (empty when not incremental). */
    Planned plan(Connection c, TableRead read, Optional<StateRecord> committed) throws SQLException {
        Map<String, String> base = new LinkedHashMap<>();
        base.put(OBJECT, read.object());
        Map<String, Object> state = Map.of();
        Conditions where = new Conditions();
        if (read.cursorField() != null) {
            ValueKind kind = kindOf(c, read, read.cursorField());
            String last = committed.map(r -> r.values().get(STATE_CURSOR)).map(Object::toString).orElse(null);
            if (last != null && read.lookbackDays() > 0) {
                last = kind.minusDays(last, read.lookbackDays());
            }
            String hwm = scalar(c, "SELECT MAX(" + dialect.quote(read.cursorField()) + ") FROM " + read.from(dialect),
                    kind, new Conditions());
            base.put(CURSOR_FIELD, read.cursorField());
            base.put(CURSOR_KIND, kind.name());
            if (last != null) {
                base.put(CURSOR_AFTER, last);
            }
            if (hwm == null) {
                // nothing to read: no row has a cursor value, so the state stays where it was
                return new Planned(List.of(), committed.map(StateRecord::values).orElse(Map.of()));
            }
            base.put(CURSOR_UPTO, hwm);
            state = Map.of(STATE_FIELD, read.cursorField(), STATE_CURSOR, hwm);
            where = Conditions.of(dialect, base);
        }
        List<ReadSplit> splits = new ArrayList<>();
        String id = read.object().replaceAll("[^A-Za-z0-9_.-]", "_");
        if (read.partitionColumn() == null || read.partitions() <= 1) {
            splits.add(new ReadSplit(id, base));
            return new Planned(splits, state);
        }
        ValueKind pk = kindOf(c, read, read.partitionColumn());
        if (!pk.rangeable()) {
            throw new SourceDataException(read.label() + " column " + read.partitionColumn(), "a partition column "
                    + "must hold integers, decimals, dates or timestamps");
        }
        String col = dialect.quote(read.partitionColumn());
        String min = scalar(c, "SELECT MIN(" + col + ") FROM " + read.from(dialect), pk, where);
        String max = scalar(c, "SELECT MAX(" + col + ") FROM " + read.from(dialect), pk, where);
        if (min != null) {
            List<String> bounds = pk.cut(min, max, read.partitions());
            for (int i = 0; i < bounds.size(); i++) {
                Map<String, String> p = new LinkedHashMap<>(base);
                p.put(PART_COLUMN, read.partitionColumn());
                p.put(PART_KIND, pk.name());
                p.put(PART_FROM, bounds.get(i));
                p.put(i + 1 < bounds.size() ? PART_BELOW : PART_UPTO, i + 1 < bounds.size() ? bounds.get(i + 1) : max);
                splits.add(new ReadSplit(id + "-p" + i, p));
            }
        }
        Map<String, String> nulls = new LinkedHashMap<>(base);
        nulls.put(PART_COLUMN, read.partitionColumn());
        nulls.put(PART_KIND, pk.name());
        nulls.put(PART_NULL, "true");
        splits.add(new ReadSplit(id + "-pnull", nulls));
        return new Planned(splits, state);
    }

    private ValueKind kindOf(Connection c, TableRead read, String column) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + dialect.quote(column) + " FROM " + read.from(dialect)
                     + " WHERE 1 = 0")) {
            ResultSetMetaData m = rs.getMetaData();
            return ValueKind.of(m.getColumnType(1), m.getColumnTypeName(1).toLowerCase(Locale.ROOT));
        }
    }

    private String scalar(Connection c, String select, ValueKind kind, Conditions where) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(select + where.sql())) {
            where.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? kind.read(rs, 1) : null;
            }
        }
    }

    /** The splits of one read and the state they cover together. */
    record Planned(List<ReadSplit> splits, Map<String, Object> state) {
    }

    /**
     * A {@code WHERE} clause from a split's properties: terms such as {@code "id" >= ?} with their typed values, or
     * complete ones such as {@code "id" IS NULL}.
     */
    record Conditions(List<Term> terms) {

        /** One condition: {@code left} followed by a parameter of {@code kind}, or {@code left} alone. */
        record Term(String left, ValueKind kind, String value) {
        }

        Conditions() {
            this(List.of());
        }

        /** The conditions of split properties {@code p}: the cursor window and the partition range. */
        static Conditions of(Dialect dialect, Map<String, String> p) {
            List<Term> terms = new ArrayList<>();
            if (p.containsKey(CURSOR_KIND)) {
                ValueKind k = ValueKind.valueOf(p.get(CURSOR_KIND));
                String col = dialect.quote(p.get(CURSOR_FIELD));
                if (p.get(CURSOR_AFTER) != null) {
                    terms.add(new Term(col + " > ", k, p.get(CURSOR_AFTER)));
                }
                terms.add(new Term(col + " <= ", k, p.get(CURSOR_UPTO)));
            }
            if (p.containsKey(PART_KIND)) {
                ValueKind k = ValueKind.valueOf(p.get(PART_KIND));
                String col = dialect.quote(p.get(PART_COLUMN));
                if (p.containsKey(PART_NULL)) {
                    terms.add(new Term(col + " IS NULL", null, null));
                } else {
                    terms.add(new Term(col + " >= ", k, p.get(PART_FROM)));
                    terms.add(p.containsKey(PART_BELOW) ? new Term(col + " < ", k, p.get(PART_BELOW))
                            : new Term(col + " <= ", k, p.get(PART_UPTO)));
                }
            }
            return new Conditions(terms);
        }

        /** The clause with parameters, empty when there are no conditions. */
        String sql() {
            return clause(false);
        }

        /**
         * The clause with its values as literals, for statements that take no parameters (PostgreSQL's COPY), or
         * {@code null} when a value is text.
         */
        String inlined() {
            return clause(true);
        }

        private String clause(boolean literals) {
            List<String> parts = new ArrayList<>();
            for (Term t : terms) {
                String value = t.kind() == null ? "" : literals ? t.kind().literal(t.value()) : "?";
                if (value == null) {
                    return null;
                }
                parts.add(t.left() + value);
            }
            return parts.isEmpty() ? "" : " WHERE " + String.join(" AND ", parts);
        }

        void bind(PreparedStatement ps) throws SQLException {
            int i = 1;
            for (Term t : terms) {
                if (t.kind() != null) {
                    t.kind().bind(ps, i++, t.value());
                }
            }
        }
    }
}
