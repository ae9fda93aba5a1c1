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
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads tables and queries of a PostgreSQL, MySQL/MariaDB or other JDBC database into Arrow batches of the
 * contract's types. Each split streams its rows (autocommit off and a fetch size, which makes pgjdbc use a cursor
 * and MariaDB Connector/J stream) so memory is set by the batch size, not the table size.
 */
public final class JdbcReader implements BaseReader {

    /** The engine option that turns PostgreSQL's binary COPY off, for the JDBC path. */
    static final String COPY = "copy";
    /** The split property naming the exported snapshot every split of the plan reads in. */
    static final String SNAPSHOT = "snapshot";

    /** Bytes per value a variable-width vector starts with before a batch has shown its size. */
    private static final double INITIAL_DENSITY = 16;

    private static final Logger LOG = LoggerFactory.getLogger(JdbcReader.class);

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
        if (source.incremental() != null && source.incremental().lookbackDays() > 0) {
            LOG.warn("lookback_days {} reads the last {} day(s) before the committed cursor again: a merge target "
                    + "absorbs those rows, an append target holds them twice", source.incremental().lookbackDays(),
                    source.incremental().lookbackDays());
        }
        List<ReadSplit> splits = new ArrayList<>();
        Map<String, Map<String, Object>> state = new LinkedHashMap<>();
        Connection c = connect(true);
        String snapshot = null;
        try {
            if (settings.dialect() == Dialect.POSTGRES) {
                // the maxima, minima and every split's rows then come from one state of the database
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                snapshot = exportSnapshot(c);
            }
            SplitPlanner planner = new SplitPlanner(settings.dialect());
            for (TableRead read : reads(context)) {
                SplitPlanner.Planned p = planner.plan(c, read, context.committedState(read.object()));
                splits.addAll(p.splits());
                if (!p.state().isEmpty()) {
                    state.put(read.object(), p.state());
                }
            }
            if (snapshot != null && splits.size() > 1) {
                String id = snapshot;
                splits.replaceAll(s -> {
                    Map<String, String> p = new LinkedHashMap<>(s.properties());
                    p.put(SNAPSHOT, id);
                    return new ReadSplit(s.id(), p);
                });
                Snapshots.hold(id, c, splits.size());
                c = null;
            } else {
                c.commit();
            }
        } catch (SQLException e) {
            throw settings.translate(e, "planning the read of " + settings.describe(),
                    ErrorKind.SOURCE_DATA);
        } finally {
            if (c != null) {
                c.close();
            }
        }
        return new SplitPlan(splits, state);
    }

    private static String exportSnapshot(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_export_snapshot()")) {
            rs.next();
            return rs.getString(1);
        }
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
        String snapshot = split.property(SNAPSHOT);
        boolean finished = false;
        try (Connection c = connect(true)) {
            if (snapshot != null) {
                importSnapshot(c, snapshot);
            }
            pumpSplit(c, context, read, split, sink);
            c.commit();
            finished = true;
        } catch (SQLException e) {
            throw settings.translate(e, "reading " + read.label() + " from " + settings.describe(),
                    ErrorKind.SOURCE_DATA);
        } finally {
            if (snapshot != null && (!finished || context.cancelled())) {
                // the run is failing or stopping: no further split needs the snapshot
                Snapshots.release(snapshot);
            }
        }
    }

    private void importSnapshot(Connection c, String id) throws SQLException {
        if (!id.matches("[0-9A-Fa-f-]+")) {
            throw new DativoException(ErrorKind.INTERNAL, "split names snapshot " + id + ", which is no "
                    + "PostgreSQL snapshot id", null);
        }
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (Statement s = c.createStatement()) {
            s.execute("SET TRANSACTION SNAPSHOT '" + id + "'");
        } catch (SQLException e) {
            throw new RetryableException("the snapshot " + id + " the run's splits share has ended (its planning "
                    + "connection closed, or no split imported it for " + Snapshots.IDLE_MILLIS / 60_000
                    + " minutes): " + settings.scrub(e.getMessage()), null);
        }
        Snapshots.imported(id);
    }

    private void pumpSplit(Connection c, ReadContext context, TableRead read, ReadSplit split, BatchSink sink)
            throws Exception {
        Dialect dialect = settings.dialect();
        List<FieldSpec> fields = context.asset().schema();
        List<SourceColumn> columns = columns(c, read, context.asset());
        SplitPlanner.Conditions where = SplitPlanner.Conditions.of(dialect, split.properties());
        String origin = read.label() + (split.isWhole() ? "" : " split " + split.id());
        String from = " FROM " + read.from(dialect);
        String inlined = where.inlined();
        if (dialect == Dialect.POSTGRES && inlined != null && !"false".equals(source.option(COPY, "true"))) {
            List<PgCopyReader.Column> copy = PgCopyReader.plan(columns, fields, dialect, read.label());
            if (copy != null) {
                PgCopyReader in = PgCopyReader.open(c, copy, from + inlined);
                try {
                    pump(context, read, origin, sink, in::next);
                } finally {
                    in.cancel();
                }
                return;
            }
        }
        String sql = "SELECT " + IntStream.range(0, columns.size())
                .mapToObj(i -> columns.get(i).expression(dialect, fields.get(i)))
                .collect(Collectors.joining(", ")) + from + where.sql();
        try (PreparedStatement ps = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(dialect.streamingFetchSize(context.batchSize()));
            where.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                List<ColumnFiller> fillers = new ArrayList<>();
                for (int i = 0; i < fields.size(); i++) {
                    fillers.add(ColumnFiller.of(meta, i + 1, fields.get(i), read.label()));
                }
                pump(context, read, origin, sink, (vectors, row) -> {
                    if (!rs.next()) {
                        return false;
                    }
                    for (int f = 0; f < fillers.size(); f++) {
                        fillers.get(f).fill(rs, vectors[f], row);
                    }
                    return true;
                });
            }
        }
    }

    /** Fills row {@code row} of the vectors from the next source row; false when there is none. */
    @FunctionalInterface
    private interface Rows {
        boolean next(FieldVector[] vectors, int row) throws SQLException;
    }

    private void pump(ReadContext context, TableRead read, String origin, BatchSink sink, Rows rows)
            throws Exception {
        int batchSize = context.batchSize();
        Schema schema = context.asset().arrowSchema();
        // bytes per value of each variable-width column in the last batch, so that the next batch's buffers are
        // allocated once at about their size instead of doubling while they fill
        double[] density = new double[schema.getFields().size()];
        Arrays.fill(density, INITIAL_DENSITY);
        boolean more = true;
        while (more && !context.cancelled()) {
            VectorSchemaRoot root = VectorSchemaRoot.create(schema, context.allocator());
            int row = 0;
            try {
                FieldVector[] vectors = root.getFieldVectors().toArray(new FieldVector[0]);
                for (int f = 0; f < vectors.length; f++) {
                    if (vectors[f] instanceof BaseVariableWidthVector v) {
                        v.setInitialCapacity(batchSize, density[f]);
                    } else {
                        vectors[f].setInitialCapacity(batchSize);
                    }
                }
                root.allocateNew();
                while (row < batchSize && (more = rows.next(vectors, row))) {
                    row++;
                }
                root.setRowCount(row);
                for (int f = 0; f < vectors.length && row > 0; f++) {
                    if (vectors[f] instanceof BaseVariableWidthVector v) {
                        density[f] = Math.max(1, 1.1 * v.getStartOffset(row) / row);
                    }
                }
            } catch (Exception | Error e) {
                root.close();
                throw e;
            }
            if (row == 0) {
                root.close();
            } else {
                sink.accept(SourceBatch.of(root, read.object(), origin));
            }
        }
    }

    /** The source's columns for the contract's fields, in contract order; an error names any missing. */
    private List<SourceColumn> columns(Connection c, TableRead read, AssetDefinition asset) throws SQLException {
        Map<String, SourceColumn> byLower = new HashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM " + read.from(settings.dialect()) + " WHERE 1 = 0")) {
            ResultSetMetaData m = rs.getMetaData();
            for (int i = 1; i <= m.getColumnCount(); i++) {
                byLower.putIfAbsent(m.getColumnLabel(i).toLowerCase(Locale.ROOT), new SourceColumn(
                        m.getColumnLabel(i), m.getColumnType(i), m.getColumnTypeName(i).toLowerCase(Locale.ROOT)));
            }
        }
        List<SourceColumn> out = new ArrayList<>();
        for (FieldSpec f : asset.schema()) {
            SourceColumn col = byLower.get(f.name().toLowerCase(Locale.ROOT));
            if (col == null) {
                throw new SourceDataException(read.label(), "has no column " + f.name() + " that the contract "
                        + asset.name() + " names; its columns are " + new TreeSet<>(byLower.values().stream()
                        .map(SourceColumn::name).toList()));
            }
            out.add(col);
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

    @Override
    public ConnectionCheck checkConnection() {
        return settings.check(TableRead.of(source, "query").stream().map(r -> r.from(settings.dialect())).toList());
    }

    @Override
    public List<DiscoveredObject> discover() throws Exception {
        try (Connection c = connect(true)) {
            return Discovery.discover(c, settings.dialect());
        }
    }
}
