package io.dativo.plugins.s3;

import static io.dativo.plugins.s3.S3Jobs.ordersCsv;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 300 MB object written by a JVM whose heap (128 MB) could not hold it: the upload streams in parts and the
 * object is complete, its last bytes the last record.
 */
class S3LargeFileTest {

    private static final String BUCKET = "large";
    private static final int ROWS = 5_800_000;
    @RegisterExtension
    static final S3Server server = new S3Server(BUCKET);

    @TempDir
    Path dir;

    @Test
    void aFileLargerThanTheHeapStreamsToOneObject() throws Exception {
        Path csv = ordersCsv(dir.resolve("orders.csv"), ROWS);
        assertThat(Files.size(csv)).isGreaterThan(300L << 20);
        Path log = dir.resolve("child.log");
        Process child = S3Child.start("128m", log, server.endpoint().toString(), BUCKET, "raw", csv.toString(),
                "csv", "1024");
        assertThat(child.waitFor(240, TimeUnit.SECONDS)).as("the child finishes").isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("child finished: SUCCEEDED records=" + ROWS);

        List<String> keys = server.dataKeys(BUCKET, "raw/");
        assertThat(keys).hasSize(1);
        long size = server.client().headObject(r -> r.bucket(BUCKET).key(keys.get(0))).contentLength();
        assertThat(size).isGreaterThan(300L << 20);
        String tail = server.client().getObjectAsBytes(r -> r.bucket(BUCKET).key(keys.get(0))
                .range("bytes=" + (size - 200) + "-")).asUtf8String();
        assertThat(tail).endsWith(ROWS + ",city-" + (ROWS % 97) + "-of-the-orders-data-set-"
                + Integer.toHexString(ROWS * 31) + "," + (ROWS * 3L) + "\n");
        assertThat(server.uploads(BUCKET)).isZero();
    }
}
