package io.dativo.plugins.s3;

import io.dativo.api.AssetDefinition;
import io.dativo.api.BaseReader;
import io.dativo.api.BaseWriter;
import io.dativo.api.FileSpec;
import io.dativo.api.IncrementalSpec;
import io.dativo.api.SourceConfig;
import io.dativo.api.TargetConfig;
import io.dativo.testkit.People;
import io.dativo.testkit.ReaderContractTest;
import io.dativo.testkit.TestReadContext;
import io.dativo.testkit.WriterContractTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The {@code s3} source and target pass the kit's contracts against one real S3 server (s3proxy) for both: the
 * source reads CSV objects through a glob, each object its own split, a prefix with no objects, a bucket that does
 * not exist, 20,000 rows for the cancel rule and a prefix read by modified time that gains a newer object; the
 * target writes Parquet under a prefix of its own per test, visible records being what DuckDB reads from the data
 * objects, rejects the lines of the committed rejects objects, and leftovers the multipart uploads still open.
 */
class S3ContractTest {

    static final String BUCKET = "kit";
    @RegisterExtension
    static final S3Server server = new S3Server(BUCKET);

    @BeforeAll
    static void putObjects() {
        put("people/a.csv", People.records(1, 5));
        put("people/b.csv", People.records(6, 10));
        put("long/many.csv", People.records(1, 20_000));
        put("inc/first.csv", People.records(1, 5));
    }


    static void put(String key, List<Map<String, Object>> rows) {
        server.client().putObject(p -> p.bucket(BUCKET).key(key), RequestBody.fromString(People.csv(rows)));
    }

    /** The {@code s3} source. */
    @Nested
    class Reader extends ReaderContractTest {

        SourceConfig objects(String bucket, String prefix, String glob) {
            return SourceConfig.builder("s3").connection(server.connection(bucket, prefix))
                    .files(List.of(new FileSpec(glob, "people", null))).build();
        }

        @Override
        protected BaseReader newReader() {
            return new S3SourceReader();
        }

        @Override
        protected AssetDefinition asset() {
            return People.ASSET;
        }

        @Override
        protected SourceConfig source() {
            return objects(BUCKET, "people", "*.csv");
        }

        @Override
        protected List<Map<String, Object>> expectedRecords() {
            return People.records(1, 10);
        }

        @Override
        protected Optional<SourceConfig> emptySource() {
            return Optional.of(objects(BUCKET, "empty", "*.csv"));
        }

        @Override
        protected Optional<SourceConfig> wrongSource() {
            return Optional.of(objects("no-such-bucket", "people", "*.csv"));
        }

        @Override
        protected SourceConfig longSource() {
            return objects(BUCKET, "long", "many.csv");
        }

        @Override
        protected Optional<SourceConfig> incrementalSource() {
            return Optional.of(objects(BUCKET, "inc", "*.csv").withIncremental(new IncrementalSpec(
                    "file_modified_time", null, 0, null)));
        }

        /** A newer object: S3 keeps modified times to the second, so it is put a second after the first read. */
        @Override
        protected List<Map<String, Object>> addRecords() throws Exception {
            Thread.sleep(1100);
            put("inc/second.csv", People.records(6, 8));
            return People.records(6, 8);
        }

        @Override
        protected TestReadContext.Builder context(BufferAllocator allocator) {
            return super.context(allocator).targetSplitBytes(1);
        }
    }

    static final AtomicInteger PREFIXES = new AtomicInteger();

    /** The {@code s3} target. */
    @Nested
    class Writer extends WriterContractTest {

        final String prefix = "out-" + PREFIXES.incrementAndGet();

        @TempDir
        Path dir;

        @Override
        protected BaseWriter newWriter() {
            return new S3TargetWriter();
        }

        @Override
        protected AssetDefinition asset() {
            return S3Jobs.ORDERS;
        }

        @Override
        protected TargetConfig target() {
            return S3Jobs.s3Target(server.connection(BUCKET, prefix), "parquet");
        }

        @Override
        protected List<Map<String, Object>> records() {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (long i = 1; i <= 10; i++) {
                rows.add(Map.of("id", i, "city", "city " + i, "amount", i * 3));
            }
            return rows;
        }

        @Override
        protected long visibleRecords() throws Exception {
            return (Long) S3Jobs.countAndSum(server, BUCKET, prefix + "/", dir).get(0);
        }

        /** Lines of the committed rejects objects: JSON Lines under the hidden rejects folder. */
        @Override
        protected OptionalLong visibleRejects() {
            long lines = 0;
            for (String key : server.keys(BUCKET, prefix + "/")) {
                String name = key.substring(key.lastIndexOf('/') + 1);
                if (key.contains("/_rejects/") && name.startsWith("rejects-") && name.endsWith(".jsonl")) {
                    lines += new String(server.bytes(BUCKET, key), StandardCharsets.UTF_8).lines().count();
                }
            }
            return OptionalLong.of(lines);
        }

        @Override
        protected List<String> stagedLeftovers() {
            int open = server.uploads(BUCKET);
            return open == 0 ? List.of() : List.of(open + " multipart uploads still open");
        }

        @Override
        protected Optional<TargetConfig> wrongTarget() {
            return Optional.of(S3Jobs.s3Target(server.connection("no-such-bucket", prefix), "parquet"));
        }
    }
}
