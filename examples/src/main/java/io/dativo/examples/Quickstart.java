package io.dativo.examples;

import io.dativo.api.FileMetadata;
import io.dativo.core.Pipeline;
import io.dativo.core.RunResult;
import io.dativo.core.validate.ValidationError;
import java.nio.file.Path;

/** Runs a YAML job and prints where its files went. Usage: {@code Quickstart job.yaml}. */
public final class Quickstart {

    private Quickstart() {
    }

    public static void main(String[] args) {
        Path job = Path.of(args.length > 0 ? args[0] : "job.yaml");
        RunResult result = Pipeline.fromYaml(job).run();
        System.out.printf("%s: %s, %d records read, %d valid, %d invalid, %d written in %d ms%n",
                job, result.status(), result.recordsRead(), result.recordsValid(), result.recordsInvalid(),
                result.recordsWritten(), result.timings().total().toMillis());
        for (FileMetadata f : result.files()) {
            System.out.printf("  %s  (%d records, %d bytes)%n", f.path(), f.recordCount(), f.sizeBytes());
        }
        for (ValidationError e : result.validation().firstErrors()) {
            System.out.printf("  invalid: %s %s: %s%n", e.position(), e.field(), e.message());
        }
        if (!result.succeeded()) {
            System.err.println("failed: " + result.error());
            System.exit(2);
        }
    }
}
