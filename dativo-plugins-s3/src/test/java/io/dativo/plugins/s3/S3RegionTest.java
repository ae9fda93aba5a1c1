package io.dativo.plugins.s3;

import static io.dativo.plugins.s3.S3Jobs.csvSource;
import static io.dativo.plugins.s3.S3Jobs.ordersCsv;
import static io.dativo.plugins.s3.S3Jobs.pipeline;
import static io.dativo.plugins.s3.S3Jobs.s3Target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.dativo.core.RunResult;
import io.dativo.core.RunStatus;
import io.dativo.testkit.LeakCheckedAllocator;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bucket in another region than the configured one, as S3 answers it (the test server cannot): an endpoint that
 * answers every request the way S3 does, with a {@code 301 PermanentRedirect} and the bucket's region in the
 * {@code x-amz-bucket-region} header for the bucket {@code moved}, and a {@code 400 AuthorizationHeaderMalformed}
 * naming the expected region for the bucket {@code signed}.
 */
class S3RegionTest {

    private static final String SECRET = "region-test-secret-5d1e";
    private static HttpServer http;

    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

    @BeforeAll
    static void start() throws Exception {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", exchange -> {
            boolean moved = exchange.getRequestURI().getPath().startsWith("/moved");
            exchange.getRequestBody().readAllBytes();
            String body = moved
                    ? "<Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access must be "
                    + "addressed using the specified endpoint.</Message><Bucket>moved</Bucket></Error>"
                    : "<Error><Code>AuthorizationHeaderMalformed</Code><Message>The authorization header is "
                    + "malformed; the region 'us-east-1' is wrong; expecting 'ap-southeast-2'</Message>"
                    + "<Region>ap-southeast-2</Region></Error>";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            if (moved) {
                exchange.getResponseHeaders().add("x-amz-bucket-region", "eu-west-1");
            }
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(moved ? 301 : 400, head ? -1 : bytes.length);
            if (!head) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        http.start();
    }

    @AfterAll
    static void stop() {
        http.stop(0);
    }

    private static String endpoint() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    private static Map<String, Object> connection(String bucket) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("bucket", bucket);
        c.put("endpoint", endpoint());
        c.put("region", "us-east-1");
        c.put("access_key_id", "AKIDREGIONTEST");
        c.put("secret_access_key", SECRET);
        return c;
    }

    @Test
    void aRedirectToAnotherRegionNamesTheBucketBothRegionsAndTheEndpoint() throws Exception {
        try (S3FileIO io = new S3FileIO(S3Settings.from(connection("moved")))) {
            assertThatThrownBy(() -> io.list("s3://moved/raw")).hasMessageContaining("s3://moved/raw")
                    .hasMessageContaining(endpoint()).hasMessageContaining("HTTP 301 PermanentRedirect")
                    .hasMessageContaining("bucket 'moved' is in region 'eu-west-1', not in the configured region "
                            + "'us-east-1'; set connection.region to eu-west-1").hasMessageNotContaining(SECRET);
            assertThatThrownBy(() -> io.newInputFile("s3://moved/raw/a.csv").length())
                    .as("a HEAD, whose answer has no body").hasMessageContaining("s3://moved/raw/a.csv")
                    .hasMessageContaining("bucket 'moved' is in region 'eu-west-1'");
        }
    }

    @Test
    void aRequestSignedForAnotherRegionEndsTheRunInOneLine() throws Exception {
        RunResult r = pipeline(csvSource(ordersCsv(dir.resolve("o.csv"), 10)), s3Target(connection("signed"),
                "parquet"), allocator).build().run();
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.error()).contains("s3://signed/").contains(endpoint()).contains("AuthorizationHeaderMalformed")
                .contains("bucket 'signed' is in region 'ap-southeast-2', not in the configured region 'us-east-1'")
                .doesNotContain(SECRET).doesNotContain("\n");
    }
}
