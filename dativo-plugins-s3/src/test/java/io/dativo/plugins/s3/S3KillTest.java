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
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    @RegisterExtension
    static final S3Server server = new S3Server(BUCKET);

    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

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
        Process child = S3Child.start("256m", dir.resolve("child.log"), server.endpoint().toString(), BUCKET, PREFIX,
                csv.toString(), "csv", "128");
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

        Map<String, Object> connection = S3Child.connection(server.endpoint().toString(), BUCKET, PREFIX);
        RunResult next = pipeline(csvSource(csv), s3Target(connection, "parquet"), allocator).build().run();
        assertThat(next.status()).as(next.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(server.uploads(BUCKET)).as("the dead run's uploads are aborted").isZero();
        assertThat(server.dataKeys(BUCKET, PREFIX + "/")).allMatch(k -> k.contains(next.runId()));
        assertThat(countAndSum(server, BUCKET, PREFIX + "/", dir)).containsExactly((long) ROWS, amountOf(ROWS),
                (long) ROWS);
    }
}
