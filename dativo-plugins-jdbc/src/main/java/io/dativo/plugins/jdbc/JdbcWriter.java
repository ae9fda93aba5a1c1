package io.dativo.plugins.jdbc;

import io.dativo.api.BaseWriter;
import io.dativo.api.Committer;
import io.dativo.api.ConnectionCheck;
import io.dativo.api.DativoException;
import io.dativo.api.ErrorKind;
import io.dativo.api.SplitWriter;
import io.dativo.api.TargetConfig;
import io.dativo.api.WriteContext;
import io.dativo.api.WriteMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;

/**
 * Writes into a table of a PostgreSQL, MySQL/MariaDB or other JDBC database. Each split attempt stages its rows in a
 * staging table of its own ({@link StagingWriter}); the run's commit ({@link TableCommitter}) moves them into the
 * target in one transaction with the run's commit record, appending, replacing the table's rows, or merging on the
 * merge keys. The target is created from the contract when it is absent.
 */
public final class JdbcWriter implements BaseWriter {

    static final int DEFAULT_INSERT_ROWS = 1000;

    private WriteContext context;
    private ConnectionSettings settings;
    private TargetTables tables;
    private TableCommitter committer;
    private LocalInfile localInfile;

    @Override
    public Set<String> connectorTypes() {
        return JdbcReaderFactory.TYPES;
    }

    @Override
    public void open(WriteContext ctx) {
        this.context = ctx;
        TargetConfig target = ctx.target();
        this.settings = settings(target);
        if (target.writeMode() == WriteMode.MERGE && settings.dialect() == Dialect.GENERIC) {
            throw new DativoException(ErrorKind.CONFIG, "write_mode merge needs a target whose upsert Dativo knows: "
                    + "use target_connector postgres or mysql; a jdbc target appends or overwrites", null);
        }
        String table = option(target, "table");
        this.tables = new TargetTables(settings.dialect(), option(target, "schema"),
                table == null ? ctx.asset().name() : table, ctx.asset(),
                target.mergeKeys().isEmpty() ? ctx.asset().primaryKey() : target.mergeKeys());
        this.localInfile = LocalInfile.of(ctx.runId(), settings.dialect() == Dialect.MYSQL
                && !"false".equals(String.valueOf(target.engineOptions().get(LocalInfile.OPTION))));
    }

    private static ConnectionSettings settings(TargetConfig target) {
        return ConnectionSettings.resolve(target.type(), target.connection(), target.credentials(), System::getenv);
    }

    private static String option(TargetConfig target, String key) {
        Object v = target.connection().get(key);
        if (v == null) {
            v = target.engineOptions().get(key);
        }
        return v == null ? null : v.toString();
    }

    @Override
    public boolean stagesIndependently() {
        return true;
    }

    @Override
    public SplitWriter newSplitWriter(String splitId, int attempt) {
        Object rows = context.target().engineOptions().get("insert_batch_rows");
        return new StagingWriter(settings, tables, context.runId(), splitId, attempt,
                rows == null ? DEFAULT_INSERT_ROWS : Integer.parseInt(rows.toString()),
                !"false".equals(String.valueOf(context.target().engineOptions().get(JdbcReader.COPY))), localInfile);
    }

    @Override
    public Committer committer() throws SQLException {
        if (committer == null) {
            committer = new TableCommitter(settings, tables, context.target().writeMode(), context.runId());
        }
        return committer;
    }

    @Override
    public ConnectionCheck checkConnection(TargetConfig target) {
        return settings(target).check(List.of());
    }

    /** Settings every connection of this writer gets: MySQL sessions in UTC, so DATETIME values are UTC. */
    static void session(Connection c, Dialect dialect) throws SQLException {
        if (dialect == Dialect.MYSQL) {
            try (Statement s = c.createStatement()) {
                s.execute("SET time_zone = '+00:00'");
            }
        }
    }

    @Override
    public void close() throws SQLException {
        if (committer != null) {
            committer.close();
            committer = null;
        }
    }
}
