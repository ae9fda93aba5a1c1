package io.dativo.plugins.s3;

import static io.dativo.plugins.s3.S3Jobs.csvSource;
import static io.dativo.plugins.s3.S3Jobs.pipeline;

import io.dativo.api.TargetConfig;
import io.dativo.core.RunResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;

/**
 * A job run in a JVM of its own, for the tests that kill it or cap its heap: the orders CSV to S3 in 5 MiB parts.
 * Arguments: endpoint, bucket, prefix, CSV file, target format, target file size in MB.
 */
final class S3Child {

    private S3Child() {
    }

    /** Writes one CSV file to S3 in one split, so that its output is one object larger than the child's heap. */
    public static void main(String[] args) {
        Map<String, Object> c = connection(args[0], args[1], args[2]);
        TargetConfig target = TargetConfig.builder("s3").connection(c).fileFormat(args[4])
                .targetFileSizeMb(Long.parseLong(args[5])).build();
        try (RootAllocator allocator = new RootAllocator()) {
            RunResult r = pipeline(csvSource(Path.of(args[3])), target, allocator).parallelism(1).build().run();
            System.out.println("child finished: " + r.status() + " records=" + r.recordsWritten() + " "
                    + (r.error() == null ? "" : r.error()));
            System.exit(r.succeeded() ? 0 : 1);
        }
    }

    static Map<String, Object> connection(String endpoint, String bucket, String prefix) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("bucket", bucket);
        c.put("prefix", prefix);
        c.put("endpoint", endpoint);
        c.put("access_key_id", S3Server.ACCESS);
        c.put("secret_access_key", S3Server.SECRET);
        c.put("part_size_mb", 5);
        return c;
    }

    /** Starts the child with {@code heap} as its -Xmx, its output in {@code log}. */
    static Process start(String heap, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx" + heap, "-cp",
                System.getProperty("java.class.path"), S3Child.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
