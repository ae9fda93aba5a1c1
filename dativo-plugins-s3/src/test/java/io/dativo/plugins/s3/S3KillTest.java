package io.dativo.plugins.s3;

import static io.dativo.plugins.s3.S3Jobs.amountOf;
import static io.dativo.plugins.s3.S3Jobs.countAndSum;
import static io.dativo.plugins.s3.S3Jobs.csvSource;
import static io.dativo.plugins.s3.S3Jobs.ordersCsv;
import static io.dativo.plugins.s3.S3Jobs.pipeline;
import static io.dativo.plugins.s3.S3Jobs.s3Target;
import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.core.RunResult;
import io.dativo.core.RunStatus;
import io.dativo.testkit.LeakCheckedAllocator;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * A JVM killed with SIGKILL in the middle of its uploads: no object of its run is listed, and the next run of the
 * job aborts its uploads and writes every record once. The child writes through the same S3 server, whose part
 * uploads are slowed so that the kill lands while parts are in flight.
 */
class S3KillTest {

    private static final String BUCKET = "killed";
    private static final String PREFIX = "raw/orders";
    private static final int ROWS = 300_000;
    private static S3Server server;

    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

    @BeforeAll
    static void start() throws Exception {
        server = S3Server.start(BUCKET);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** The child: writes the orders CSV to the server as one CSV object in 5 MiB parts. */
    public static void main(String[] args) {
        Map<String, Object> c = connection(args[0]);
        RunResult r = pipeline(csvSource(Path.of(args[1])), s3Target(c, "csv"), new RootAllocator()).build()
                .run();
        System.out.println("child finished: " + r.status() + " " + r.error());
    }

    private static Map<String, Object> connection(String endpoint) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("bucket", BUCKET);
        c.put("prefix", PREFIX);
        c.put("endpoint", endpoint);
        c.put("access_key_id", S3Server.ACCESS);
        c.put("secret_access_key", S3Server.SECRET);
        c.put("part_size_mb", 5);
        return c;
    }

    private static boolean dataPartUploaded() {
        for (MultipartUpload u : server.client().listMultipartUploads(r -> r.bucket(BUCKET)).uploads()) {
            if (u.key().contains("/part-") && !server.client().listParts(r -> r.bucket(BUCKET).key(u.key())
                    .uploadId(u.uploadId())).parts().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aKilledRunLeavesNoObjectAndTheNextRunAbortsItsUploadsAndWritesEveryRecordOnce() throws Exception {
        Path csv = ordersCsv(dir.resolve("orders.csv"), ROWS);
        server.delay("uploadMultipartPart", "/part-", 400);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), S3KillTest.class.getName(),
                server.endpoint().toString(), csv.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!dataPartUploaded() && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(child.isAlive()).as("the child is still uploading when it is killed").isTrue();
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        server.heal();
        assertThat(server.dataKeys(BUCKET, PREFIX + "/")).as("nothing of the killed run is listed").isEmpty();
        assertThat(server.uploads(BUCKET)).as("its uploads are left in progress").isPositive();

        RunResult next = pipeline(csvSource(csv), s3Target(connection(server.endpoint().toString()), "parquet"),
                allocator).build().run();
        assertThat(next.status()).as(next.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(server.uploads(BUCKET)).as("the dead run's uploads are aborted").isZero();
        assertThat(server.dataKeys(BUCKET, PREFIX + "/")).allMatch(k -> k.contains(next.runId()));
        assertThat(countAndSum(server, BUCKET, PREFIX + "/", dir)).containsExactly((long) ROWS, amountOf(ROWS),
                (long) ROWS);
    }
}
