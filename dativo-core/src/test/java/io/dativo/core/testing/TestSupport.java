package io.dativo.core.testing;

import io.dativo.testkit.DuckDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Helpers of dativo-core's own tests: the reference files, job files and output listings. The helpers other modules
 * need too are in dativo-testkit.
 */
public final class TestSupport {

    private TestSupport() {
    }

    /**
     * The reference folder of the original platform, beside the project ({@code -Ddativo.reference.dir} to point
     * elsewhere). The files are not part of the project; where they are absent, the tests that read them are
     * skipped with the reason, and the rest still run.
     */
    public static Path reference() {
        Path p = Path.of(System.getProperty("dativo.reference.dir", "../../shared/reference")).toAbsolutePath()
                .normalize();
        Assumptions.assumeTrue(Files.isRegularFile(p.resolve("connectors/csv.yaml")),
                () -> "no reference folder at " + p + "; tests that read the reference files are skipped");
        return p;
    }

    /** Variables that point the reference S3/MinIO jobs somewhere, so they load. */
    public static Map<String, String> s3Variables() {
        return Map.of("S3_ENDPOINT", "http://127.0.0.1:9000", "AWS_ACCESS_KEY_ID", "AKIAEXAMPLEKEY",
                "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMIexampleSECRET", "AWS_REGION", "us-east-1",
                "MINIO_ENDPOINT", "127.0.0.1:9000", "MINIO_ACCESS_KEY", "minio-access",
                "MINIO_SECRET_KEY", "minio-secret-value", "S3_BUCKET", "test-bucket", "MINIO_BUCKET", "test-bucket",
                "OPENMETADATA_AUTH_TOKEN", "om-token-value");
    }

    /** Rows of a DuckDB query, each as a list of values; timestamps are rendered in UTC. */
    public static List<List<Object>> duckdb(String sql) throws SQLException {
        return DuckDb.query(sql);
    }

    /** Every regular file below {@code dir}, as paths relative to it. */
    public static List<String> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    /** Writes a job file that reads reference data into a local directory. */
    public static Path localJob(Path dir, String name, String asset, String dataFile, String mode, String extra)
            throws IOException {
        Path out = dir.resolve("out");
        String yaml = """
                tenant_id: test_tenant
                source_connector: csv
                source_connector_path: connectors/csv.yaml
                target_connector: local
                asset_path: %s
                source:
                  files:
                    - path: %s
                target:
                  connection:
                    path: %s
                schema_validation_mode: %s
                %s
                """.formatted(asset, dataFile, out, mode, extra);
        Files.createDirectories(dir);
        Path job = dir.resolve(name + ".yaml");
        Files.writeString(job, yaml);
        return job;
    }
}
