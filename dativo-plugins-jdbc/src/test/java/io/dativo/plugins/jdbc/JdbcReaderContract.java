package io.dativo.plugins.jdbc;

import io.dativo.api.AssetDefinition;
import io.dativo.api.BaseReader;
import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import io.dativo.api.IncrementalSpec;
import io.dativo.api.SourceConfig;
import io.dativo.testkit.ReaderContractTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The reader contract for a JDBC database: a table of ten people read in two key-range splits, an empty table, a
 * database that does not exist, a table of 20,000 rows for the cancel rule, and a table read by an id cursor that
 * gains rows. Subclasses give the server and how to reach a table of it.
 */
abstract class JdbcReaderContract extends ReaderContractTest {

    static final AssetDefinition PEOPLE = AssetDefinition.of("people", List.of(
            FieldSpec.of("id", DataType.LONG, true), FieldSpec.of("name", DataType.STRING, false)));

    /** The statements that create the tables, given a row source {@code series(a, b)} of integers {@code g}. */
    static List<String> tables(BiFunction<Integer, Integer, String> series) {
        return List.of("CREATE TABLE people (id bigint, name varchar(40))",
                "INSERT INTO people SELECT g, CASE WHEN g % 4 = 0 THEN NULL ELSE concat('person ', g) END FROM "
                        + series.apply(1, 10),
                "CREATE TABLE nobody (id bigint, name varchar(40))",
                "CREATE TABLE crowd (id bigint, name varchar(40))",
                "INSERT INTO crowd SELECT g, concat('person ', g) FROM " + series.apply(1, 20000),
                "CREATE TABLE growing (id bigint, name varchar(40))",
                "INSERT INTO growing SELECT g, concat('person ', g) FROM " + series.apply(1, 5));
    }

    /** A source reading {@code table} of {@code database}, in two ranges of id, three rows a batch. */
    protected abstract SourceConfig table(String table, String database);

    /** Runs {@code statement} in the database the tables are in. */
    protected abstract void sql(String statement) throws Exception;

    /** The rows of integers {@code from} to {@code to} as a row source of column {@code g}. */
    protected abstract String series(int from, int to);

    @Override
    protected BaseReader newReader() {
        return new JdbcReader();
    }

    @Override
    protected AssetDefinition asset() {
        return PEOPLE;
    }

    @Override
    protected SourceConfig source() {
        return table("people", null);
    }

    @Override
    protected List<Map<String, Object>> expectedRecords() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (long i = 1; i <= 10; i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", i);
            r.put("name", i % 4 == 0 ? null : "person " + i);
            rows.add(r);
        }
        return rows;
    }

    @Override
    protected Optional<SourceConfig> emptySource() {
        return Optional.of(table("nobody", null));
    }

    @Override
    protected Optional<SourceConfig> wrongSource() {
        return Optional.of(table("people", "no_such_database"));
    }

    /** A table read by an {@code id} cursor, which gains rows after the first read. */
    @Override
    protected Optional<SourceConfig> incrementalSource() {
        return Optional.of(table("growing", null).withIncremental(new IncrementalSpec("cursor", "id", 0, null)));
    }

    @Override
    protected List<Map<String, Object>> addRecords() throws Exception {
        sql("INSERT INTO growing SELECT g, concat('person ', g) FROM " + series(6, 8));
        List<Map<String, Object>> added = new ArrayList<>();
        for (long i = 6; i <= 8; i++) {
            added.add(Map.of("id", i, "name", "person " + i));
        }
        return added;
    }

    @Override
    protected SourceConfig longSource() {
        return table("crowd", null);
    }

    /** The engine options of every contract source. */
    static Map<String, Object> options() {
        return Map.of("batch_size", 3, "partition_column", "id", "partitions", 2);
    }
}
