package io.dativo.plugins.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dativo.api.ConfigException;
import io.dativo.api.TableSpec;
import io.dativo.core.config.JobLoader;
import io.dativo.core.config.JobSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a job with JDBC connectors may say, checked when it loads, before any connection. */
class JdbcJobLoadTest {

    @TempDir
    Path dir;

    private Path job(String target, String tables) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), "name: a\nschema:\n  - {name: id, type: integer}\n");
        return Files.writeString(dir.resolve("job.yaml"), """
                tenant_id: acme
                source_connector: postgres
                target_connector: %s
                asset_path: a.yaml
                source:
                  connection: {url: "jdbc:postgresql://db/app"}
                  credentials: {username: u, password: p}
                  tables: %s
                target:
                  connection: {url: "jdbc:h2:mem:x"}
                  write_mode: merge
                  merge_keys: [id]
                """.formatted(target, tables));
    }

    @Test
    void aGenericJdbcTargetCannotMergeAndSaysWhatCan() throws Exception {
        ConfigException e = catchThrowableOfType(() -> new JobLoader().withBaseDir(dir)
                .load(job("jdbc", "[{name: t}]")), ConfigException.class);
        assertThat(e.getMessage()).contains("target.write_mode").contains("does not support write_mode 'merge'")
                .contains("append, overwrite");
        assertThat(new JobLoader().withBaseDir(dir).load(job("postgres", "[{name: t}]")).target().writeMode().id())
                .isEqualTo("merge");
    }

    @Test
    void eachTableMayHaveItsOwnPartitionColumnAndCount() throws Exception {
        JobSpec spec = new JobLoader().withBaseDir(dir).load(job("postgres",
                "[{name: orders, partition_column: id, partitions: 4}, {name: public.customers}]"));
        assertThat(spec.source().tables()).containsExactly(new TableSpec("orders", null, null, "id", 4),
                new TableSpec("public.customers", null, null));
        ConfigException e = catchThrowableOfType(() -> new JobLoader().withBaseDir(dir).load(job("postgres",
                "[{name: orders, partitions: many}]")), ConfigException.class);
        assertThat(e.getMessage()).contains("partitions");
    }
}
