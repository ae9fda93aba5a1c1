package io.dativo.plugins.jdbc;

import io.dativo.api.BaseReader;
import io.dativo.api.OptionSpec;
import io.dativo.api.ReaderFactory;
import java.util.List;
import java.util.Set;

/** Makes {@link JdbcReader}s for {@code postgres}, {@code mysql}, {@code mariadb} and {@code jdbc} sources. */
public final class JdbcReaderFactory implements ReaderFactory {

    static final Set<String> TYPES = Set.of("postgres", "postgresql", "mysql", "mariadb", "jdbc");

    @Override
    public Set<String> types() {
        return TYPES;
    }

    @Override
    public BaseReader create() {
        return new JdbcReader();
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.optional("batch_size", OptionSpec.Type.INTEGER, null, "rows per Arrow batch"),
                OptionSpec.optional("partition_column", OptionSpec.Type.STRING, null,
                        "an integer, decimal, date or timestamp column each table's range is cut on"),
                OptionSpec.optional("partitions", OptionSpec.Type.INTEGER, 1,
                        "how many ranges of partition_column are read at the same time on separate connections"),
                OptionSpec.optional(JdbcReader.COPY, OptionSpec.Type.BOOLEAN, true,
                        "read PostgreSQL tables through binary COPY (false: through a JDBC result set)"),
                OptionSpec.secret("password", "the database password, where not in credentials"));
    }

    @Override
    public Set<String> incrementalStrategies() {
        return Set.of("updated_at", "cursor");
    }
}
