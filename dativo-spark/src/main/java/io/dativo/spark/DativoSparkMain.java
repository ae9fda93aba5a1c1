package io.dativo.spark;

import io.dativo.core.DistributedRun;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code spark-submit} entry: {@code spark-submit --class io.dativo.spark.DativoSparkMain
 * dativo-spark-submit.jar JOB.yaml [NAME=VALUE ...]}. Runs the job once in the session {@code spark-submit}
 * configures, with the variables given before the environment, prints the outcome, and exits with 0 when the run
 * committed, 1 when it failed and 2 for wrong arguments. The job's {@code timeout_seconds} cancels the run's Spark
 * jobs when it runs out.
 */
public final class DativoSparkMain {

    private DativoSparkMain() {
    }

    /** Runs the job named by the first argument. */
    public static void main(String[] args) {
        System.exit(DistributedRun.runMain(args, "spark-submit --class " + DativoSparkMain.class.getName()
                + " dativo-spark-submit.jar JOB.yaml [NAME=VALUE ...]", run -> {
                    SparkSession spark = SparkSession.builder()
                            .appName("dativo " + Path.of(run.job().jobFile()).getFileName()).getOrCreate();
                    try {
                        return DativoSpark.run(spark, run);
                    } finally {
                        spark.stop();
                    }
                }));
    }
}
