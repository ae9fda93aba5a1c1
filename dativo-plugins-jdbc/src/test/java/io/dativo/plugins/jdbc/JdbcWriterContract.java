package io.dativo.plugins.jdbc;

import io.dativo.api.AssetDefinition;
import io.dativo.api.BaseWriter;
import io.dativo.api.TargetConfig;
import io.dativo.testkit.WriterContractTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The writer contract for a JDBC database: each test writes a table of its own; visible records are its rows,
 * leftovers the staging tables still present. Subclasses give the server.
 */
abstract class JdbcWriterContract extends WriterContractTest {

    static final AtomicInteger TABLES = new AtomicInteger();
    final String table = "copy_people_" + TABLES.incrementAndGet();

    /** A target writing {@link #table} in {@code database}, or in the test's database when that is null. */
    protected abstract TargetConfig target(String database);

    /** The one number {@code sql} selects. */
    protected abstract long count(String sql) throws Exception;

    /** The SQL counting the tables named {@code name} ({@code LIKE} pattern) in the test's database. */
    protected abstract String tablesNamed(String name);

    /** The names of the tables {@code sql} lists. */
    protected abstract List<String> names(String sql) throws Exception;

    @Override
    protected BaseWriter newWriter() {
        return new JdbcWriter();
    }

    @Override
    protected AssetDefinition asset() {
        return JdbcReaderContract.PEOPLE;
    }

    @Override
    protected TargetConfig target() {
        return target(null);
    }

    @Override
    protected List<Map<String, Object>> records() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (long i = 1; i <= 10; i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", i);
            r.put("name", "person " + i);
            rows.add(r);
        }
        return rows;
    }

    @Override
    protected long visibleRecords() throws Exception {
        return count(tablesNamed(table)) == 0 ? 0 : count("SELECT count(*) FROM " + table);
    }

    @Override
    protected List<String> stagedLeftovers() throws Exception {
        return names(tablesNamed("dativo\\_stg\\_%").replace("count(*)", "table_name"));
    }

    @Override
    protected Optional<TargetConfig> wrongTarget() {
        return Optional.of(target("no_such_database"));
    }
}
