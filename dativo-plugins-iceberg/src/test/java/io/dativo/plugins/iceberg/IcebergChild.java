package io.dativo.plugins.iceberg;

import io.dativo.api.BaseWriter;
import io.dativo.api.CommitSummary;
import io.dativo.api.Committer;
import io.dativo.api.RunCommit;
import io.dativo.api.SplitWriter;
import io.dativo.api.TargetConfig;
import io.dativo.api.WriteContext;
import io.dativo.api.WriteFragment;
import io.dativo.api.WriteMode;
import io.dativo.core.Pipeline;
import io.dativo.core.RunResult;
import io.dativo.core.state.FileStateStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The orders job into an Iceberg table (embedded catalog under a base directory) in a JVM of its own, so that a test
 * can kill it with SIGKILL around the commit. It prints a marker and, where the point calls for it, waits to be
 * killed. Arguments: point ({@code before}: data files published, snapshot not committed; {@code during}: marker
 * printed as the snapshot commit starts, no wait; {@code after}: snapshot committed, state not saved), base
 * directory, CSV glob, and optionally the write mode ({@code append} or {@code merge}) and an S3 endpoint for the
 * warehouse.
 */
final class IcebergChild {

    static final String MARKER = "DATIVO-CHILD-AT ";
    static final String BUCKET = "kill";

    private IcebergChild() {
    }

    public static void main(String[] args) throws Exception {
        String point = args[0];
        Path base = Path.of(args[1]);
        TargetConfig target = target(base, args.length > 3 ? args[3] : "append", args.length > 4 ? args[4] : "");
        try (RootAllocator allocator = new RootAllocator()) {
            RunResult r = pipeline(base, args[2], target, allocator).writer(() -> new Pausing(point)).build().run();
            System.out.println("child finished: " + r.status() + " " + (r.error() == null ? "" : r.error()));
            System.exit(r.succeeded() ? 0 : 1);
        }
    }

    /**
     * The embedded catalog under {@code base}, appending or merging on {@code id}; the warehouse on the local disk,
     * or with an S3 endpoint in {@link S3Warehouse}'s bucket {@value #BUCKET}, under the base directory's name.
     */
    static TargetConfig target(Path base, String mode, String s3Endpoint) {
        TargetConfig.Builder t = TargetConfig.builder("iceberg").baseDir(base.toString());
        if (!s3Endpoint.isEmpty()) {
            t.connection(Map.of("s3", Map.of("endpoint", s3Endpoint, "bucket", BUCKET, "prefix",
                    base.getFileName().toString(), "access_key_id", S3Warehouse.ACCESS, "secret_access_key",
                    S3Warehouse.SECRET, "region", "us-east-1", "path_style_access", true)));
        }
        return mode.equals("merge") ? t.writeMode(WriteMode.MERGE).mergeKeys(List.of("id")).build() : t.build();
    }

    static Pipeline.Builder pipeline(Path base, String glob, TargetConfig target, BufferAllocator allocator) {
        return IcebergJobs.pipeline("orders-job", IcebergJobs.ORDERS, IcebergJobs.incrementalCsv(glob, "orders"),
                target, allocator).stateStore(new FileStateStore(base.resolve("state"))).parallelism(2);
    }

    private static void at(String point, boolean wait) {
        System.out.println(MARKER + point);
        System.out.flush();
        while (wait) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The iceberg writer, stopping at the test's point of its commit. */
    private static final class Pausing implements BaseWriter {
        private final IcebergWriter writer = new IcebergWriter();
        private final String point;

        Pausing(String point) {
            this.point = point;
            if (!point.equals("after")) {
                writer.beforeCommit = () -> at(point, point.equals("before"));
            }
        }

        @Override
        public Set<String> connectorTypes() {
            return writer.connectorTypes();
        }

        @Override
        public void open(WriteContext context) throws Exception {
            writer.open(context);
        }

        @Override
        public SplitWriter newSplitWriter(String splitId, int attempt) {
            return writer.newSplitWriter(splitId, attempt);
        }

        @Override
        public Committer committer() {
            Committer c = writer.committer();
            return new Committer() {
                @Override
                public CommitSummary commit(List<WriteFragment> fragments, RunCommit commit) throws Exception {
                    CommitSummary s = c.commit(fragments, commit);
                    if (point.equals("after")) {
                        at(point, true);
                    }
                    return s;
                }

                @Override
                public void abort(List<WriteFragment> fragments) throws Exception {
                    c.abort(fragments);
                }

                @Override
                public Optional<RunCommit> lastCommit(String tenantId, String job) throws Exception {
                    return c.lastCommit(tenantId, job);
                }

                @Override
                public List<String> recover() throws Exception {
                    return c.recover();
                }
            };
        }

        @Override
        public boolean stagesIndependently() {
            return true;
        }

        @Override
        public boolean supportsRejects() {
            return true;
        }

        @Override
        public void close() throws IOException {
            writer.close();
        }
    }
}
