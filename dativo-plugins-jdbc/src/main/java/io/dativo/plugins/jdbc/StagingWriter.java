package io.dativo.plugins.jdbc;

import io.dativo.api.ErrorKind;
import io.dativo.api.FieldSpec;
import io.dativo.api.SplitWriter;
import io.dativo.api.WriteFragment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Loads one split attempt's rows into a staging table of its own, registered in {@code dativo_staging} with its run,
 * through binary COPY on PostgreSQL, {@code LOAD DATA LOCAL INFILE} on MySQL/MariaDB where server and driver allow it,
 * and batched inserts elsewhere. Nothing it writes is visible in the target until
 * the committer moves it.
 */
final class StagingWriter implements SplitWriter {

    private final ConnectionSettings settings;
    private final TargetTables tables;
    private final String runId;
    private final String splitId;
    private final int attempt;
    private final String staging;
    private final int batchRows;
    private final ValueBinder binder;
    private Connection connection;
    private final boolean copy;
    private final LocalInfile localInfile;
    private LocalInfileLoader infileLoader;
    private PreparedStatement insert;
    private PgCopyWriter copyWriter;
    private boolean started;
    private int pending;
    private long records;

    StagingWriter(ConnectionSettings settings, TargetTables tables, String runId, String splitId, int attempt,
                  int batchRows, boolean copy, LocalInfile localInfile) {
        this.settings = settings;
        this.tables = tables;
        this.runId = runId;
        this.splitId = splitId;
        this.attempt = attempt;
        this.staging = TargetTables.stagingName(runId, splitId, attempt);
        this.batchRows = batchRows;
        this.binder = new ValueBinder(settings.dialect());
        this.copy = copy && settings.dialect() == Dialect.POSTGRES;
        this.localInfile = localInfile;
    }

    @Override
    public void write(VectorSchemaRoot batch) throws Exception {
        try {
            load(batch);
        } catch (SQLException e) {
            throw settings.translate(e, "loading staging table " + staging + " of " + tables.targetKey(),
                    ErrorKind.TARGET);
        }
    }

    private void load(VectorSchemaRoot batch) throws SQLException {
        if (!started) {
            start();
        }
        if (copyWriter != null) {
            copyWriter.write(batch);
            records += batch.getRowCount();
            return;
        }
        if (infileLoader != null && localInfile.usable()) {
            try {
                records += infileLoader.load(connection, batch);
                return;
            } catch (SQLException e) {
                if (!LocalInfileLoader.refused(e)) {
                    throw e;
                }
                // nothing of the batch was loaded: the inserts below load all of it
                localInfile.refuse(settings.scrub(e.getMessage()));
                infileLoader = null;
            }
        }
        List<FieldSpec> fields = tables.asset().schema();
        for (int row = 0; row < batch.getRowCount(); row++) {
            for (int f = 0; f < fields.size(); f++) {
                binder.bind(insert, f + 1, fields.get(f), batch.getVector(fields.get(f).name()), row);
            }
            insert.addBatch();
            records++;
            if (++pending >= batchRows) {
                flush();
            }
        }
    }

    private void start() throws SQLException {
        connection = (localInfile.usable() ? localInfile.settings(settings) : settings).open();
        JdbcWriter.session(connection, settings.dialect());
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + tables.own(TargetTables.STAGING)
                + " (staging_table, target_table, run_id, created_ms) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, staging);
            ps.setString(2, tables.targetKey());
            ps.setString(3, runId);
            ps.setLong(4, System.currentTimeMillis());
            ps.executeUpdate();
        }
        tables.createStaging(connection, staging);
        started = true;
        if (copy) {
            copyWriter = PgCopyWriter.open(connection, tables.own(staging), tables.columnList(),
                    tables.asset().schema());
            return;
        }
        if (localInfile.usable()) {
            infileLoader = new LocalInfileLoader(settings.dialect(), tables.own(staging), tables.asset().schema());
        }
        String marks = String.join(", ", Collections.nCopies(tables.asset().schema().size(), "?"));
        insert = connection.prepareStatement("INSERT INTO " + tables.own(staging) + " (" + tables.columnList()
                + ") VALUES (" + marks + ")");
    }

    private void flush() throws SQLException {
        if (insert != null && pending > 0) {
            insert.executeBatch();
            pending = 0;
        }
    }

    @Override
    public List<WriteFragment> finish() throws Exception {
        if (!started) {
            return List.of();
        }
        try {
            if (copyWriter != null) {
                copyWriter.finish();
                copyWriter = null;
            }
            flush();
        } catch (SQLException e) {
            throw settings.translate(e, "loading staging table " + staging + " of " + tables.targetKey(),
                    ErrorKind.TARGET);
        }
        return List.of(new WriteFragment(WriteFragment.Kind.DATA, splitId, attempt, staging, null, records, 0,
                Map.of(), Map.of(), Map.of("staging_table", staging, "target_table", tables.targetKey())));
    }

    @Override
    public void abort() throws Exception {
        if (connection == null) {
            return;
        }
        if (copyWriter != null) {
            copyWriter.cancel();
            copyWriter = null;
        }
        try {
            tables.dropStaging(connection, staging);
        } catch (SQLException e) {
            // the attempt's connection went down with it
            try (Connection c = settings.open()) {
                tables.dropStaging(c, staging);
            }
        }
    }

    @Override
    public void close() throws Exception {
        if (copyWriter != null) {
            copyWriter.cancel();
            copyWriter = null;
        }
        try (Connection c = connection; PreparedStatement ps = insert) {
            insert = null;
            connection = null;
        }
    }
}
