package io.dativo.spark;

import io.dativo.core.DistributedRun;
import io.dativo.core.RunHandle;
import io.dativo.core.RunResult;
import io.dativo.core.config.JobLocation;
import io.dativo.enginetests.DistributedJobsTest;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The engine jobs on one Spark session in {@code local[2,2]}: two task threads, a failed task tried twice. */
class SparkRunTest extends DistributedJobsTest {

    @TempDir
    static Path sparkDir;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2,2]").appName("dativo-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.local.dir", sparkDir.resolve("spark-local").toString())
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Override
    protected RunResult onEngine(JobLocation job) {
        return DativoSpark.run(spark, DistributedRun.of(job));
    }

    @Override
    protected RunHandle startOnEngine(DistributedRun run) {
        return DativoSpark.start(spark, run);
    }
}
