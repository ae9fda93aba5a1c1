package io.dativo.plugins.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.core.Pipeline;
import io.dativo.core.RunResult;
import io.dativo.core.RunStatus;
import io.dativo.core.config.JobLoader;
import io.dativo.core.state.InMemoryStateStore;
import io.dativo.core.validate.ValidationError;
import io.dativo.testkit.DuckDb;
import io.dativo.testkit.LeakCheckedAllocator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The original platform's two Iceberg jobs, unchanged, with their variables pointed at a real S3 server: no
 * {@code target.catalog}, so the table lands in the embedded JdbcCatalog on SQLite beside the state store, with the
 * warehouse in the jobs' bucket. The second job's OpenMetadata {@code catalog} block is accepted and is not taken
 * for the Iceberg catalog. The reference folder is copied to a temporary directory first, because the embedded
 * catalog lives beside the job. Skipped where the reference folder is absent.
 */
class ReferenceIcebergJobsTest {

    private static final String BUCKET = "test-bucket";
    private static S3Warehouse s3;

    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

    @BeforeAll
    static void start() throws Exception {
        s3 = new S3Warehouse(BUCKET);
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
    }

    private static Path reference() {
        Path p = Path.of(System.getProperty("dativo.reference.dir", "../../shared/reference")).toAbsolutePath()
                .normalize();
        Assumptions.assumeTrue(Files.isRegularFile(p.resolve("connectors/iceberg.yaml")),
                () -> "no reference folder at " + p);
        return p;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    private Pipeline load(String job, Path ref) throws IOException {
        copy(reference().resolve("connectors"), ref.resolve("connectors"));
        copy(reference().resolve("tests"), ref.resolve("tests"));
        Map<String, String> vars = Map.of("S3_ENDPOINT", s3.endpoint(), "AWS_ACCESS_KEY_ID", S3Warehouse.ACCESS,
                "AWS_SECRET_ACCESS_KEY", S3Warehouse.SECRET, "AWS_REGION", "us-east-1",
                "OPENMETADATA_AUTH_TOKEN", "om-token-unused");
        JobLoader loader = new JobLoader().withBaseDir(ref).withVariables(vars);
        Pipeline pipeline = Pipeline.fromYaml(ref.resolve("tests/fixtures/jobs/" + job), loader);
        assertThat(pipeline.spec().target().catalog()).as("the OpenMetadata block is not the Iceberg catalog")
                .isEmpty();
        return pipeline.withAllocator(allocator).withStateStore(new InMemoryStateStore());
    }

    /**
     * The job without a catalog block reads a CSV file whose 19 header columns name none of the contract's 14 fields,
     * in warn mode: the header's columns are dropped and counted, each missing contract field is reported once with
     * the number of records, and the records land in the table with those fields null.
     */
    @Test
    void theJobWhoseHeaderNamesNoContractFieldCommitsWithEachMissingFieldReportedOnce() throws Exception {
        Path ref = dir.resolve("reference");
        RunResult r = load("csv_employee_to_iceberg.yaml", ref).run();
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED_WITH_WARNINGS);
        assertThat(r.recordsWritten()).isEqualTo(5000);
        assertThat(r.validation().firstErrors()).extracting(ValidationError::kind).containsOnly("missing_field");
        assertThat(r.validation().firstErrors()).extracting(ValidationError::field).doesNotHaveDuplicates()
                .contains("employee_id", "first_name");
        assertThat(r.validation().droppedColumns()).containsEntry("Employee_name", 5000L);
        assertThat(s3.uploads(BUCKET)).isZero();
        try (JdbcCatalog c = IcebergJobs.jdbc("jdbc:sqlite:" + ref.resolve(".dativo/iceberg.db"), "s3://" + BUCKET,
                Map.of("endpoint", s3.endpoint(), "access_key_id", S3Warehouse.ACCESS, "secret_access_key",
                        S3Warehouse.SECRET, "path_style_access", "true", "region", "us-east-1"))) {
            Table t = c.loadTable(TableIdentifier.of("dativo", "employee", "csv_employee"));
            assertThat(IcebergJobs.rows(t)).hasSize(5000);
            assertThat(t.currentSnapshot().summary()).containsEntry(IcebergCommitter.RUN_ID, r.runId());
        }
    }

    @Test
    void theJobWithTheOpenMetadataBlockWritesAnIcebergTableInTheBucket() throws Exception {
        Path ref = dir.resolve("reference");
        RunResult r = load("csv_employee_to_iceberg_with_catalog.yaml", ref).run();
        assertThat(r.succeeded()).as(r.error()).isTrue();
        assertThat(r.recordsWritten()).isPositive();
        assertThat(r.toString()).doesNotContain(S3Warehouse.SECRET);
        assertThat(Files.exists(ref.resolve(".dativo/iceberg.db"))).isTrue();
        assertThat(s3.uploads(BUCKET)).isZero();

        try (JdbcCatalog c = IcebergJobs.jdbc("jdbc:sqlite:" + ref.resolve(".dativo/iceberg.db"), "s3://" + BUCKET,
                Map.of("endpoint", s3.endpoint(), "access_key_id", S3Warehouse.ACCESS, "secret_access_key",
                        S3Warehouse.SECRET, "path_style_access", "true", "region", "us-east-1"))) {
            Table t = c.loadTable(TableIdentifier.of("dativo", "employee", "csv_employee"));
            assertThat(t.location()).startsWith("s3://" + BUCKET + "/dativo/employee/csv_employee");
            assertThat(t.spec().fields()).extracting(f -> f.name()).containsExactly("ingest_date");
            assertThat(IcebergJobs.rows(t)).hasSize((int) r.recordsWritten());
            assertThat(t.currentSnapshot().summary()).containsEntry(IcebergCommitter.RUN_ID, r.runId());
            List<String> local = new ArrayList<>();
            for (String f : IcebergJobs.dataFiles(t)) {
                String key = f.substring(("s3://" + BUCKET + "/").length());
                Path p = dir.resolve("f" + local.size() + ".parquet");
                Files.write(p, s3.bytes(BUCKET, key));
                local.add(p.toString());
            }
            assertThat(DuckDb.query("SELECT count(*) FROM " + IcebergJobs.parquetOf(local)).get(0).get(0))
                    .isEqualTo(r.recordsWritten());
        }
    }
}
