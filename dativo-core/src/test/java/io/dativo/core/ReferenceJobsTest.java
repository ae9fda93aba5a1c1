package io.dativo.core;

import static io.dativo.core.testing.TestSupport.duckdb;
import static io.dativo.core.testing.TestSupport.filesUnder;
import static io.dativo.core.testing.TestSupport.localJob;
import static io.dativo.core.testing.TestSupport.reference;
import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.ConfigException;
import io.dativo.core.config.JobLoader;
import io.dativo.core.state.InMemoryStateStore;
import io.dativo.testkit.LeakCheckedAllocator;
import io.dativo.core.validate.ValidationError;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The reference CSV jobs pointed at a local target, with the output read back by DuckDB. */
class ReferenceJobsTest {

    @TempDir
    Path tmp;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();
    JobLoader loader;

    @BeforeEach
    void setUp() {
        loader = new JobLoader().withBaseDir(reference());
    }

    private RunResult run(Path job) {
        return Pipeline.fromYaml(job, loader).withAllocator(allocator).withStateStore(new InMemoryStateStore())
                .run();
    }

    private static final String ASSETS = "tests/fixtures/assets/csv/v1.0/";
    private static final String SEEDS = "tests/fixtures/seeds/";

    @Test
    void personCsvBecomesParquetWithTheSameValues() throws Exception {
        RunResult r = run(localJob(tmp, "person", ASSETS + "person.yaml", SEEDS + "adventureworks/Person.csv",
                "strict", ""));
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.recordsRead()).isEqualTo(10);
        assertThat(r.recordsWritten()).isEqualTo(10);
        assertThat(r.files()).hasSize(1);
        Path file = Path.of(r.files().get(0).path());
        assertThat(file.toString()).contains("/dativo/adventureworks/csv_person/ingest_date=");
        assertThat(Files.size(file)).isEqualTo(r.files().get(0).sizeBytes());

        List<String> csv = Files.readAllLines(reference().resolve(SEEDS + "adventureworks/Person.csv"),
                StandardCharsets.UTF_8).stream().skip(1).filter(l -> !l.isBlank()).toList();
        List<List<Object>> rows = duckdb("SELECT BusinessEntityID, PersonType, NameStyle, Title, FirstName, "
                + "MiddleName, LastName, Suffix, EmailPromotion, rowguid, "
                + "strftime(ModifiedDate, '%Y-%m-%d %H:%M:%S') FROM read_parquet('" + file
                + "') ORDER BY BusinessEntityID");
        assertThat(rows).hasSize(csv.size());
        for (int i = 0; i < csv.size(); i++) {
            String[] f = csv.get(i).split(",", -1);
            List<Object> row = rows.get(i);
            assertThat(row.get(0)).isEqualTo(Long.parseLong(f[0]));
            assertThat(row.get(1)).isEqualTo(f[1]);
            assertThat(row.get(2)).isEqualTo(Long.parseLong(f[2]));
            assertThat(row.get(3)).isEqualTo(f[3].isEmpty() ? null : f[3]);
            assertThat(row.get(4)).isEqualTo(f[4]);
            assertThat(row.get(5)).isEqualTo(f[5].isEmpty() ? null : f[5]);
            assertThat(row.get(6)).isEqualTo(f[6]);
            assertThat(row.get(7)).isEqualTo(f[7].isEmpty() ? null : f[7]);
            assertThat(row.get(8)).isEqualTo(Long.parseLong(f[8]));
            assertThat(row.get(9)).isEqualTo(f[11]);
            assertThat(row.get(10)).isEqualTo(f[12]);
        }
    }

    @Test
    void salesOrdersAndListeningHistoryLoadTenRecordsEachWithoutErrors() throws Exception {
        RunResult sales = run(localJob(tmp.resolve("a"), "sales", ASSETS + "sales_order_header.yaml",
                SEEDS + "adventureworks/SalesOrderHeader.csv", "strict", ""));
        RunResult listening = run(localJob(tmp.resolve("b"), "listening", ASSETS + "listening_history.yaml",
                SEEDS + "music_listening/listening_history.csv", "strict", ""));
        for (RunResult r : List.of(sales, listening)) {
            assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(r.recordsRead()).isEqualTo(10);
            assertThat(r.validation().totalErrors()).isZero();
        }
        Path file = Path.of(listening.files().get(0).path());
        List<List<Object>> rows = duckdb("SELECT user_id, duration_ms, hist_user_behavior_is_shuffle, \"date\", "
                + "strftime(played_at, '%Y-%m-%d %H:%M:%S') FROM read_parquet('" + file + "') ORDER BY played_at LIMIT 1");
        assertThat(rows.get(0)).containsExactly("user_001", 431000L, true, java.time.LocalDate.parse("2024-01-15"),
                "2024-01-15 10:30:00");
        List<List<Object>> totals = duckdb("SELECT sum(TotalDue)::DECIMAL(18,4), count(*) FROM read_parquet('"
                + Path.of(sales.files().get(0).path()) + "')");
        BigDecimal expected = BigDecimal.ZERO;
        for (String line : Files.readAllLines(reference().resolve(SEEDS + "adventureworks/SalesOrderHeader.csv"))
                .stream().skip(1).filter(l -> !l.isBlank()).toList()) {
            expected = expected.add(new BigDecimal(line.split(",", -1)[21]));
        }
        assertThat(((BigDecimal) totals.get(0).get(0)).compareTo(expected)).isZero();
    }

    @Test
    void productInWarnModeReadsElevenRecordsAndTheBlankRowFailsEveryRequiredField() throws Exception {
        RunResult r = run(localJob(tmp, "product", ASSETS + "product.yaml", SEEDS + "adventureworks/Product.csv",
                "warn", ""));
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED_WITH_WARNINGS);
        assertThat(r.recordsRead()).isEqualTo(11);
        assertThat(r.recordsInvalid()).isEqualTo(1);
        assertThat(r.recordsWritten()).isEqualTo(11);
        long required = loader.load(localJob(tmp.resolve("x"), "p", ASSETS + "product.yaml",
                SEEDS + "adventureworks/Product.csv", "warn", "")).asset().schema().stream()
                .filter(f -> f.required()).count();
        assertThat(required).isEqualTo(13);
        assertThat(r.validation().errorsByKind()).containsOnlyKeys("required");
        assertThat(r.validation().totalErrors()).isEqualTo(required);
        assertThat(r.validation().firstErrors()).allSatisfy(e -> assertThat(e.position()).endsWith("Product.csv:12"));
        List<List<Object>> ts = duckdb("SELECT strftime(ModifiedDate, '%Y-%m-%d %H:%M:%S.%g') FROM read_parquet('"
                + Path.of(r.files().get(0).path()) + "') WHERE ProductID = 1");
        assertThat(ts.get(0).get(0)).isEqualTo("2014-02-08 10:01:36.827");
    }

    @Test
    void strictProductWithTwentySixFieldsFailsNamingFileAndLineAndLeavesNoFiles() throws Exception {
        RunResult r = run(localJob(tmp, "strict", ASSETS + "product.yaml",
                SEEDS + "adventureworks/Product_invalid.csv", "strict", ""));
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.error()).contains("Product_invalid.csv:").contains("26 fields where the header has 25");
        assertThat(filesUnder(tmp.resolve("out"))).isEmpty();
    }

    @Test
    void unclosedQuoteFailsNamingFileAndLineAndCommitsNothing() throws Exception {
        RunResult r = run(localJob(tmp, "malformed", ASSETS + "product.yaml",
                SEEDS + "adventureworks/Product_malformed.csv", "warn", ""));
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.error()).contains("Product_malformed.csv:4").contains("quote");
        assertThat(r.files()).isEmpty();
        assertThat(filesUnder(tmp.resolve("out"))).isEmpty();
    }

    @Test
    void employeeHeadersThatDoNotMatchAreReportedOncePerMissingFieldWithACount() throws Exception {
        Path job = localJob(tmp, "employee", ASSETS + "employee.yaml",
                SEEDS + "employee/Employee_Complete_Dataset.csv", "warn", "");
        RunResult r = run(job);
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED_WITH_WARNINGS);
        assertThat(r.recordsRead()).isEqualTo(5000);
        List<ValidationError> missing = r.validation().firstErrors();
        assertThat(missing).extracting(ValidationError::kind).containsOnly("missing_field");
        assertThat(missing).extracting(ValidationError::field).doesNotHaveDuplicates()
                .contains("employee_id", "first_name", "hire_date");
        assertThat(missing).allSatisfy(e -> assertThat(e.count()).isEqualTo(5000));
        assertThat(r.validation().droppedColumns()).containsEntry("Employee_name", 5000L);
    }

    @Test
    void utf16TabSeparatedEmployeeFileWithoutHeaderIsRead() throws Exception {
        Path job = loader.baseDir().resolve("tests/fixtures/jobs/csv_employee_state_persistence.yaml");
        String yaml = Files.readString(job).replaceAll("(?s)target:.*?# Execution", "target:\n  connection:\n    path: "
                + tmp.resolve("out") + "\n\n# Execution").replace("target_connector: iceberg", "target_connector: local")
                .replace("target_connector_path: connectors/iceberg.yaml", "");
        Path local = tmp.resolve("employee_state.yaml");
        Files.writeString(local, yaml);
        RunResult r = run(local);
        assertThat(r.succeeded()).as(r.error()).isTrue();
        assertThat(r.recordsRead()).isEqualTo(290);
        List<List<Object>> first = duckdb("SELECT employee_id FROM read_parquet('"
                + Path.of(r.files().get(0).path()) + "') ORDER BY employee_id LIMIT 1");
        assertThat(first.get(0).get(0)).isEqualTo(1L);
        assertThat(r.validation().droppedColumns()).containsKeys("column_15", "column_16");
    }

    @Test
    void referenceS3JobsStopWithAConfigurationErrorNamingTheirUnsetVariables() {
        for (String name : List.of("csv_person_to_s3", "csv_product_to_minio", "csv_employee_to_iceberg")) {
            Path job = reference().resolve("tests/fixtures/jobs/" + name + ".yaml");
            ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                    () -> Pipeline.fromYaml(job, new JobLoader().withBaseDir(reference())
                            .withSecretSource(n -> java.util.Optional.empty())));
            List<String> vars = new ArrayList<>();
            e.problems().forEach(p -> vars.add(p.message()));
            assertThat(e.getMessage()).contains(name.contains("minio") ? "${MINIO_ENDPOINT}" : "${S3_ENDPOINT}");
            assertThat(e.problems()).allSatisfy(p -> assertThat(p.message()).contains("is not set"));
            assertThat(e.problems()).allSatisfy(p -> assertThat(p.line()).isPositive());
        }
    }
}
