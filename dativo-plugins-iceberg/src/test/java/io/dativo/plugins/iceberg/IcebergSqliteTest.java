package io.dativo.plugins.iceberg;

import static io.dativo.plugins.iceberg.IcebergJobs.ALL_TYPES;
import static io.dativo.plugins.iceberg.IcebergJobs.assertAllTypes;
import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.core.RunResult;
import io.dativo.core.RunStatus;
import io.dativo.testkit.DuckDb;
import io.dativo.testkit.LeakCheckedAllocator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The iceberg target on the embedded default: a JdbcCatalog on SQLite, the warehouse on the local disk. */
class IcebergSqliteTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

    private JdbcCatalog catalog(Path db, Path warehouse) {
        return IcebergJobs.jdbc("jdbc:sqlite:" + db, warehouse.toString(), Map.of());
    }

    @Test
    void everyContractTypeIsWrittenAndReadBackByIcebergAndByDuckDb() throws Exception {
        Path csv = IcebergJobs.allTypesCsv(dir.resolve("all.csv"), 1, 200);
        RunResult r = IcebergJobs.pipeline("types-job", ALL_TYPES, IcebergJobs.csv(csv, "all_types"),
                IcebergJobs.iceberg(Map.of(), Map.of()).baseDir(dir.toString()).build(), allocator).build().run();
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.recordsWritten()).isEqualTo(200);

        try (JdbcCatalog c = catalog(dir.resolve(".dativo/iceberg.db"), dir.resolve(".dativo/warehouse"))) {
            Table table = c.loadTable(TableIdentifier.of("lab", "types", "all_types"));
            assertThat(table.schema().findField("id").isRequired()).isTrue();
            assertThat(table.schema().findField("name").isRequired()).isTrue();
            assertThat(table.schema().findField("ratio").isOptional()).isTrue();
            assertThat(table.schema().findField("seen").type().toString()).isEqualTo("timestamptz");
            assertThat(table.schema().findField("price").type().toString()).isEqualTo("decimal(12, 3)");
            assertThat(table.properties()).containsEntry("owner", "data-team@example.com")
                    .containsEntry("dativo.classification", "internal").containsEntry("dativo.retention-days", "30")
                    .containsEntry("dativo.classification.name", "PII");

            List<Record> rows = IcebergJobs.rows(table);
            assertThat(rows).hasSize(200);
            rows.forEach(IcebergJobs::assertAllTypes);

            Snapshot s = table.currentSnapshot();
            assertThat(s.summary()).containsEntry(IcebergCommitter.RUN_ID, r.runId())
                    .containsEntry(IcebergCommitter.JOB, "types-job").containsEntry(IcebergCommitter.TENANT, "acme")
                    .containsEntry("added-records", "200");
            try (CloseableIterable<FileScanTask> tasks = table.newScan().includeColumnStats().planFiles()) {
                for (FileScanTask t : tasks) {
                    DataFile f = t.file();
                    int id = table.schema().findField("id").fieldId();
                    assertThat(f.recordCount()).isPositive();
                    assertThat(f.valueCounts()).containsKey(id);
                    assertThat(f.nullValueCounts().get(table.schema().findField("ratio").fieldId())).isPositive();
                    assertThat(f.columnSizes()).containsKey(id);
                    assertThat(f.lowerBounds()).containsKey(id);
                    assertThat(f.upperBounds()).containsKey(table.schema().findField("seen").fieldId());
                }
            }
            List<String> files = IcebergJobs.dataFiles(table);
            List<Object> duck = DuckDb.query("SELECT count(*), sum(id)::BIGINT, max(price), min(born) FROM "
                    + IcebergJobs.parquetOf(files)).get(0);
            assertThat(duck.get(0)).isEqualTo(200L);
            assertThat(duck.get(1)).isEqualTo(200L * 201 / 2);
        }
    }
}
