package io.dativo.spark;

import io.dativo.core.DistributedRun;
import io.dativo.core.RunResult;
import io.dativo.core.config.JobLocation;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code spark-submit} entry: {@code spark-submit --class io.dativo.spark.DativoSparkMain <jars> JOB.yaml
 * [NAME=VALUE ...]}. Runs the job once in the session {@code spark-submit} configures, with the variables given
 * before the environment, prints the outcome, and exits with 0 when the run committed, 1 when it failed and 2 for
 * wrong arguments.
 */
public final class DativoSparkMain {

    private DativoSparkMain() {
    }

    /** Runs the job named by the first argument. */
    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: spark-submit --class " + DativoSparkMain.class.getName()
                    + " <jars> JOB.yaml [NAME=VALUE ...]");
            System.exit(2);
        }
        Map<String, String> variables = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq < 1) {
                System.err.println("a variable is NAME=VALUE, not '" + args[i] + "'");
                System.exit(2);
            }
            variables.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        Path job = Path.of(args[0]);
        SparkSession spark = SparkSession.builder().appName("dativo " + job.getFileName()).getOrCreate();
        RunResult result;
        try {
            result = DativoSpark.run(spark, DistributedRun.of(JobLocation.of(job).withVariables(variables)));
        } finally {
            spark.stop();
        }
        System.out.println(result.succeeded()
                ? "run " + result.runId() + " " + result.status().name().toLowerCase(Locale.ROOT) + ": " + result.recordsRead()
                + " records read, " + result.recordsWritten() + " written to " + result.files().size() + " files"
                : "run " + result.runId() + " failed: " + result.error());
        System.exit(result.succeeded() ? 0 : 1);
    }
}
