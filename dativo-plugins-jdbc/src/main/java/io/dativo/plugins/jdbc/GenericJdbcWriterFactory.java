package io.dativo.plugins.jdbc;

import io.dativo.api.BaseWriter;
import io.dativo.api.OptionSpec;
import io.dativo.api.WriteMode;
import io.dativo.api.WriterFactory;
import java.util.List;
import java.util.Set;

/**
 * Makes {@link JdbcWriter}s for {@code jdbc} targets: any database whose driver is on the class path. They append
 * and overwrite; merge needs an upsert statement Dativo knows, so a job asking a {@code jdbc} target to merge is
 * refused when it loads (a PostgreSQL or MySQL/MariaDB database merges as a {@code postgres} or {@code mysql}
 * target).
 */
public final class GenericJdbcWriterFactory implements WriterFactory {

    @Override
    public Set<String> types() {
        return Set.of("jdbc");
    }

    @Override
    public BaseWriter create() {
        return new JdbcWriter();
    }

    @Override
    public List<OptionSpec> options() {
        return JdbcWriterFactory.OPTIONS;
    }

    @Override
    public Set<WriteMode> writeModes() {
        return Set.of(WriteMode.APPEND, WriteMode.OVERWRITE);
    }
}
