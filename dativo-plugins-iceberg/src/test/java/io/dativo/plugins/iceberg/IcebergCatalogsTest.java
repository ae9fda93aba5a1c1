package io.dativo.plugins.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.TargetConfig;
import io.dativo.core.RunResult;
import io.dativo.core.RunStatus;
import io.dativo.testkit.DuckDb;
import io.dativo.testkit.LeakCheckedAllocator;
import io.dativo.testkit.PostgresServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The iceberg target on catalogs served by real servers: a JdbcCatalog on embedded PostgreSQL, and a REST catalog
 * (Iceberg's CatalogHandlers behind the JDK's HTTP server) backed by a JdbcCatalog on the same PostgreSQL, each
 * with the warehouse on the local disk. One PostgreSQL server for the class.
 */
class IcebergCatalogsTest {

    private static final String TOKEN = "rest-token-7f2c9a";
    private static PostgresServer postgres;
    @TempDir
    static Path warehouse;
    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    private static JdbcCatalog postgresCatalog(String name) {
        return IcebergJobs.jdbc(postgres.url(), warehouse.resolve(name).toString(), Map.of());
    }

    @Test
    void aJdbcCatalogOnPostgresqlGetsTheTableAndTheDataFilesReadBackByIcebergAndDuckDb() throws Exception {
        TargetConfig target = TargetConfig.builder("iceberg").catalog(Map.of("type", "jdbc", "uri", postgres.url(),
                "warehouse", warehouse.resolve("pg").toString())).baseDir(dir.toString()).build();
        RunResult r = IcebergJobs.pipeline("types-job", IcebergJobs.ALL_TYPES, IcebergJobs.csv(
                IcebergJobs.allTypesCsv(dir.resolve("all.csv"), 1, 80), "all_types"), target, allocator).build().run();
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        try (JdbcCatalog c = postgresCatalog("pg")) {
            Table t = c.loadTable(TableIdentifier.of("lab", "types", "all_types"));
            var rows = IcebergJobs.rows(t);
            assertThat(rows).hasSize(80);
            rows.forEach(IcebergJobs::assertAllTypes);
            List<Object> duck = DuckDb.query("SELECT count(*), sum(id)::BIGINT FROM "
                    + IcebergJobs.parquetOf(IcebergJobs.dataFiles(t))).get(0);
            assertThat(duck).containsExactly(80L, 80L * 81 / 2);
        }
    }

    @Test
    void aRestCatalogGetsTheTableWithTheTokenSentAndNeverShown() throws Exception {
        try (JdbcCatalog backing = postgresCatalog("rest_backing");
             RestCatalogServer rest = new RestCatalogServer(backing)) {
            TargetConfig target = TargetConfig.builder("iceberg").catalog(Map.of("type", "rest", "uri", rest.uri(),
                    "token", TOKEN)).baseDir(dir.toString()).build();
            for (int from : new int[]{1, 500}) {
                int before = rest.requests().size();
                RunResult r = IcebergJobs.pipeline("orders-job", IcebergJobs.ORDERS, IcebergJobs.csv(
                        IcebergJobs.ordersCsv(dir.resolve(from + ".csv"), from, 40), "orders"), target, allocator)
                        .build().run();
                assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
                assertThat(r.toString()).doesNotContain(TOKEN);
                List<String> run = rest.requests().subList(before, rest.requests().size());
                assertThat(run.stream().filter(q -> q.endsWith("/v1/config"))).as("the catalog opened once per run, "
                        + "not again by the split writer: " + run).hasSize(1);
            }
            assertThat(rest.authorizations()).isNotEmpty().allMatch(a -> a.equals("Bearer " + TOKEN));
            Table t = backing.loadTable(TableIdentifier.of("sales", "shop", "orders"));
            assertThat(IcebergJobs.rows(t)).hasSize(80);
            assertThat(t.location()).startsWith(warehouse.resolve("rest_backing").toString());
            assertThat(t.history()).hasSize(2);
            assertThat(TargetConfig.builder("iceberg").catalog(Map.of("token", TOKEN)).build().toString())
                    .doesNotContain(TOKEN);
        }
    }
}
