package io.dativo.plugins.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.core.Pipeline;
import io.dativo.core.RunResult;
import io.dativo.core.RunStatus;
import io.dativo.core.config.JobLoader;
import io.dativo.core.state.InMemoryStateStore;
import io.dativo.testkit.LeakCheckedAllocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The original platform's four S3 and MinIO jobs, unchanged, with their variables pointed at a real S3 server: the
 * {@code s3} jobs give an endpoint URL and no path-style setting, the {@code minio} jobs a host and port with
 * {@code secure: false}. Skipped where the reference folder is absent.
 */
class ReferenceS3JobsTest {

    @RegisterExtension
    static final S3Server server = new S3Server("test-bucket");

    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

    private static Path reference() {
        Path p = Path.of(System.getProperty("dativo.reference.dir", "../../shared/reference")).toAbsolutePath()
                .normalize();
        Assumptions.assumeTrue(Files.isRegularFile(p.resolve("connectors/s3.yaml")),
                () -> "no reference folder at " + p);
        return p;
    }

    @ParameterizedTest
    @CsvSource({
            "csv_person_to_s3.yaml, raw/csv/person/, 10, SUCCEEDED",
            "csv_sales_order_to_s3.yaml, raw/csv/sales_order_header/, 10, SUCCEEDED",
            "csv_product_to_minio.yaml, raw/csv/product/, 11, SUCCEEDED_WITH_WARNINGS",
            "csv_listening_history_to_minio.yaml, raw/csv/listening_history/, 10, SUCCEEDED"})
    void theReferenceJobRunsUnchanged(String job, String prefix, long records, RunStatus status) throws Exception {
        Path ref = reference();
        String endpoint = server.endpoint().toString();
        Map<String, String> vars = Map.of("S3_ENDPOINT", endpoint, "AWS_ACCESS_KEY_ID", S3Server.ACCESS,
                "AWS_SECRET_ACCESS_KEY", S3Server.SECRET, "AWS_REGION", "us-east-1",
                "MINIO_ENDPOINT", endpoint.substring("http://".length()), "MINIO_ACCESS_KEY", S3Server.ACCESS,
                "MINIO_SECRET_KEY", S3Server.SECRET);
        JobLoader loader = new JobLoader().withBaseDir(ref).withVariables(vars);
        RunResult r = Pipeline.fromYaml(ref.resolve("tests/fixtures/jobs/" + job), loader).withAllocator(allocator)
                .withStateStore(new InMemoryStateStore()).run();
        assertThat(r.status()).as(r.error()).isEqualTo(status);
        assertThat(r.recordsWritten()).isEqualTo(records);
        assertThat(r.files()).isNotEmpty().allSatisfy(f -> assertThat(f.path()).startsWith("s3://test-bucket/"
                + prefix));
        assertThat(server.dataKeys("test-bucket", prefix)).hasSameSizeAs(r.files());
        assertThat(server.uploads("test-bucket")).isZero();
        assertThat(r.toString()).doesNotContain(S3Server.SECRET);
    }
}
