package io.dativo.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.AssetDefinition;
import io.dativo.api.BaseReader;
import io.dativo.api.BatchSink;
import io.dativo.api.FieldSpec;
import io.dativo.api.DataType;
import io.dativo.api.FileSpec;
import io.dativo.api.IncrementalSpec;
import io.dativo.api.ReadContext;
import io.dativo.api.SourceConfig;
import io.dativo.api.TargetConfig;
import io.dativo.core.Pipeline;
import io.dativo.core.connector.file.CsvReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A small incremental CSV job ({@code nums_job}, three rows in {@code in/a.csv}) whose run can be held inside its
 * reader, while it holds its claim, so that a test starts another run of the same job meanwhile.
 */
final class HeldJob {

    /** Counted down when a held run has started reading. */
    final CountDownLatch reading = new CountDownLatch(1);
    /** Lets a held run read on. */
    final CountDownLatch release = new CountDownLatch(1);
    private final AssetDefinition asset;
    private final SourceConfig source;
    private final TargetConfig target;

    /** Writes the source file under {@code dir}; output goes to {@code dir/out}. */
    HeldJob(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("in"));
        Files.writeString(dir.resolve("in/a.csv"), "id\n1\n2\n3\n");
        asset = AssetDefinition.of("nums", List.of(FieldSpec.of("id", DataType.LONG, true)));
        source = new SourceConfig("csv", null, Map.of(), Map.of(), List.of(), List.of(), null,
                List.of(new FileSpec("in/*.csv", "nums", null)),
                new IncrementalSpec("file_modified_time", null, 0, null), Map.of(), dir.toString());
        target = TargetConfig.local(dir.resolve("out").toString(), "parquet", List.of());
    }

    /** A builder of a run of the job. */
    Pipeline.Builder run() {
        return Pipeline.builder().name("nums_job").tenant("acme").asset(asset).source(source).target(target);
    }

    /** A builder of a run of the job that waits in its reader until {@link #release}. */
    Pipeline.Builder heldRun() {
        BaseReader held = new BaseReader() {
            final CsvReader csv = new CsvReader();

            public void open(SourceConfig s) {
                csv.open(s);
            }

            public void extract(ReadContext c, BatchSink sink) throws Exception {
                reading.countDown();
                assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
                csv.extract(c, sink);
            }
        };
        return run().reader(held);
    }
}
