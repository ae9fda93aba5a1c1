package io.dativo.plugins.jdbc;

import io.dativo.api.BaseWriter;
import io.dativo.api.OptionSpec;
import io.dativo.api.WriteMode;
import io.dativo.api.WriterFactory;
import java.util.List;
import java.util.Set;

/**
 * Makes {@link JdbcWriter}s for {@code postgres}, {@code mysql} and {@code mariadb} targets, which append, overwrite
 * and merge; {@link GenericJdbcWriterFactory} makes those of {@code jdbc} targets.
 */
public final class JdbcWriterFactory implements WriterFactory {

    /** The target types with a dialect of their own. */
    static final Set<String> TYPES = Set.of("postgres", "postgresql", "mysql", "mariadb");

    /** The options of every JDBC target. */
    static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.optional("table", OptionSpec.Type.STRING, null,
                    "the target table; by default the asset's name"),
            OptionSpec.optional("schema", OptionSpec.Type.STRING, null, "the schema (database) of the table"),
            OptionSpec.optional("insert_batch_rows", OptionSpec.Type.INTEGER, JdbcWriter.DEFAULT_INSERT_ROWS,
                    "rows sent to the database per batched insert into a staging table"),
            OptionSpec.optional(JdbcReader.COPY, OptionSpec.Type.BOOLEAN, true,
                    "load PostgreSQL staging tables through binary COPY (false: through batched inserts)"),
            OptionSpec.optional(LocalInfile.OPTION, OptionSpec.Type.BOOLEAN, true,
                    "load MySQL/MariaDB staging tables through LOAD DATA LOCAL INFILE where the server allows it "
                            + "(false, or when refused: through batched inserts)"),
            OptionSpec.secret("password", "the database password, where not in credentials"));

    @Override
    public Set<String> types() {
        return TYPES;
    }

    @Override
    public BaseWriter create() {
        return new JdbcWriter();
    }

    @Override
    public List<OptionSpec> options() {
        return OPTIONS;
    }

    @Override
    public Set<WriteMode> writeModes() {
        return Set.of(WriteMode.APPEND, WriteMode.OVERWRITE, WriteMode.MERGE);
    }
}
