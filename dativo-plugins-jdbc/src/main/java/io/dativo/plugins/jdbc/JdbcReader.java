package io.dativo.plugins.jdbc;

import io.dativo.api.AssetDefinition;
import io.dativo.api.BaseReader;
import io.dativo.api.BatchSink;
import io.dativo.api.ConnectionCheck;
import io.dativo.api.DativoException;
import io.dativo.api.DiscoveredObject;
import io.dativo.api.ErrorKind;
import io.dativo.api.FieldSpec;
import io.dativo.api.ReadContext;
import io.dativo.api.ReadSplit;
import io.dativo.api.RetryableException;
import io.dativo.api.SourceBatch;
import io.dativo.api.SourceConfig;
import io.dativo.api.SourceDataException;
import io.dativo.api.SplitPlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Reads tables and queries of a PostgreSQL, MySQL/MariaDB or other JDBC database into Arrow batches of the
 * contract's types. Each split streams its rows (autocommit off and a fetch size, which makes pgjdbc use a cursor
 * and MariaDB Connector/J stream) so memory is set by the batch size, not the table size.
 */
public final class JdbcReader implements BaseReader {

    private SourceConfig source;
    private ConnectionSettings settings;

    @Override
    public Set<String> connectorTypes() {
        return JdbcReaderFactory.TYPES;
    }

    @Override
    public void open(SourceConfig config) {
        this.source = config;
        this.settings = ConnectionSettings.resolve(config.type(), config.connection(), config.credentials(),
                System::getenv);
    }

    @Override
    public SplitPlan planSplits(ReadContext context) throws Exception {
        List<ReadSplit> splits = new ArrayList<>();
        Map<String, Map<String, Object>> state = new LinkedHashMap<>();
        try (Connection c = connect(true)) {
            SplitPlanner planner = new SplitPlanner(settings.dialect());
            for (TableRead read : reads(context)) {
                SplitPlanner.Planned p = planner.plan(c, read, context.committedState(read.object()));
                splits.addAll(p.splits());
                if (!p.state().isEmpty()) {
                    state.put(read.object(), p.state());
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw translate(e, "planning the read of " + settings.describe());
        }
        return new SplitPlan(splits, state);
    }

    @Override
    public void extract(ReadContext context, BatchSink sink) throws Exception {
        if (!context.split().isWhole()) {
            read(context, context.split(), sink);
            return;
        }
        SplitPlan plan = planSplits(context);
        for (ReadSplit split : plan.splits()) {
            read(context, split, sink);
        }
        plan.state().forEach(context::proposeState);
    }

    private List<TableRead> reads(ReadContext context) {
        List<TableRead> reads = TableRead.of(source, context.asset().name());
        if (reads.isEmpty()) {
            throw new DativoException(ErrorKind.CONFIG, "a " + source.type() + " source needs source.tables, "
                    + "source.objects or source.query", null);
        }
        return reads;
    }

    private void read(ReadContext context, ReadSplit split, BatchSink sink) throws Exception {
        String object = split.property(SplitPlanner.OBJECT);
        TableRead read = reads(context).stream().filter(r -> r.object().equals(object)).findFirst()
                .orElseThrow(() -> new DativoException(ErrorKind.INTERNAL, "split " + split.id()
                        + " names object " + object + ", which the source does not read", null));
        Dialect dialect = settings.dialect();
        AssetDefinition asset = context.asset();
        try (Connection c = connect(true)) {
            List<String> columns = columns(c, read, asset);
            SplitPlanner.Conditions where = SplitPlanner.Conditions.of(dialect, split.properties());
            String sql = "SELECT " + columns.stream().map(dialect::quote).collect(Collectors.joining(", "))
                    + " FROM " + read.from(dialect) + where.sql();
            try (PreparedStatement ps = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
                ps.setFetchSize(dialect.streamingFetchSize(context.batchSize()));
                where.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    pump(context, rs, read, split, sink);
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw translate(e, "reading " + read.label() + " from " + settings.describe());
        }
    }

    private void pump(ReadContext context, ResultSet rs, TableRead read, ReadSplit split, BatchSink sink)
            throws Exception {
        AssetDefinition asset = context.asset();
        List<FieldSpec> fields = asset.schema();
        ResultSetMetaData meta = rs.getMetaData();
        List<ColumnFiller> fillers = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            fillers.add(ColumnFiller.of(meta, i + 1, fields.get(i), read.label()));
        }
        String origin = read.label() + (split.isWhole() ? "" : " split " + split.id());
        int batchSize = context.batchSize();
        boolean more = rs.next();
        while (more) {
            if (context.cancelled()) {
                return;
            }
            VectorSchemaRoot root = VectorSchemaRoot.create(asset.arrowSchema(), context.allocator());
            try {
                root.allocateNew();
                int row = 0;
                while (more && row < batchSize) {
                    for (int f = 0; f < fillers.size(); f++) {
                        fillers.get(f).fill(rs, root.getVector(f), row);
                    }
                    row++;
                    more = rs.next();
                }
                root.setRowCount(row);
            } catch (Exception | Error e) {
                root.close();
                throw e;
            }
            sink.accept(SourceBatch.of(root, read.object(), origin));
        }
    }

    /** The source's column names for the contract's fields, in contract order; an error names any missing. */
    private List<String> columns(Connection c, TableRead read, AssetDefinition asset) throws SQLException {
        Map<String, String> byLower = new HashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM " + read.from(settings.dialect()) + " WHERE 1 = 0")) {
            ResultSetMetaData m = rs.getMetaData();
            for (int i = 1; i <= m.getColumnCount(); i++) {
                byLower.putIfAbsent(m.getColumnLabel(i).toLowerCase(Locale.ROOT), m.getColumnLabel(i));
            }
        }
        List<String> out = new ArrayList<>();
        for (FieldSpec f : asset.schema()) {
            String name = byLower.get(f.name().toLowerCase(Locale.ROOT));
            if (name == null) {
                throw new SourceDataException(read.label(), "has no column " + f.name() + " that the contract "
                        + asset.name() + " names; its columns are " + new java.util.TreeSet<>(byLower.values()));
            }
            out.add(name);
        }
        return out;
    }

    private Connection connect(boolean readOnly) throws SQLException {
        Connection c = settings.open();
        try {
            c.setAutoCommit(false);
            c.setReadOnly(readOnly);
            if (settings.dialect() == Dialect.MYSQL) {
                try (Statement s = c.createStatement()) {
                    // TIMESTAMP columns come back as UTC, the contract's instant semantics
                    s.execute("SET time_zone = '+00:00'");
                }
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** A SQL failure as the error kind the engine acts on, without the password. */
    private Exception translate(SQLException e, String doing) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = doing + ": " + settings.scrub(e.getMessage());
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                || state.startsWith("40")) {
            return new RetryableException(message, null);
        }
        if (state.equals("42P01") || state.equals("42S02") || state.equals("42703") || state.equals("42S22")
                || state.equals("42501") || state.equals("42000")) {
            return new DativoException(ErrorKind.CONFIG, message, null);
        }
        return new DativoException(ErrorKind.SOURCE_DATA, message, null);
    }

    @Override
    public ConnectionCheck checkConnection() {
        return settings.check();
    }

    @Override
    public List<DiscoveredObject> discover() throws Exception {
        try (Connection c = connect(true)) {
            return Discovery.discover(c, settings.dialect());
        }
    }
}
