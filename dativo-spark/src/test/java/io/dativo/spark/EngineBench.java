package io.dativo.spark;

import com.sun.management.OperatingSystemMXBean;
import io.dativo.core.DistributedRun;
import io.dativo.core.Pipeline;
import io.dativo.core.RunResult;
import io.dativo.core.config.JobLoader;
import io.dativo.core.config.JobLocation;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * One conversion of a TPC-H lineitem CSV job (its files under {@code data/} beside the job, its output in the job's
 * {@code ${OUT}}), in a JVM of its own, for the engine benchmark in {@code bench/README.md}: {@code local} (a local
 * run), {@code dativo-spark} (the same job through DativoSpark on {@code local[2]}) or {@code spark-csv} (Spark's own
 * CSV to Parquet of the same files). Prints the set-up time (the Spark session) and the conversion's wall and process
 * CPU time.
 */
public final class EngineBench {

    private static final String DDL = "l_orderkey BIGINT, l_partkey BIGINT, l_suppkey BIGINT, l_linenumber BIGINT, "
            + "l_quantity DECIMAL(15,2), l_extendedprice DECIMAL(15,2), l_discount DECIMAL(15,2), "
            + "l_tax DECIMAL(15,2), l_returnflag STRING, l_linestatus STRING, l_shipdate DATE, l_commitdate DATE, "
            + "l_receiptdate DATE, l_shipinstruct STRING, l_shipmode STRING, l_comment STRING";

    private EngineBench() {
    }

    private static long cpu() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Runs {@code args[0]} on the job {@code args[1]} into {@code args[2]}. */
    public static void main(String[] args) {
        String mode = args[0];
        Path job = Path.of(args[1]).toAbsolutePath();
        Path base = job.getParent();
        String out = args[2];
        long t0 = System.nanoTime();
        long c0 = cpu();
        SparkSession spark = mode.equals("local") ? null : SparkSession.builder().master("local[2]")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        long t1 = System.nanoTime();
        long c1 = cpu();
        long rows;
        switch (mode) {
            case "local" -> rows = Pipeline.fromYaml(job, new JobLoader().withBaseDir(base)
                    .withVariables(Map.of("OUT", out))).run().orThrow().recordsWritten();
            case "dativo-spark" -> {
                RunResult r = DativoSpark.run(spark, DistributedRun.of(new JobLocation(job.toString(),
                        base.toString(), Map.of("OUT", out))));
                rows = r.orThrow().recordsWritten();
            }
            case "spark-csv" -> {
                spark.read().schema(DDL).option("header", "true").csv(base.resolve("data").toString()).write()
                        .option("compression", "snappy").parquet(out);
                rows = -1;
            }
            default -> throw new IllegalArgumentException(mode);
        }
        long t2 = System.nanoTime();
        long c2 = cpu();
        System.out.printf("RESULT %s rows=%d setup_s=%.2f wall_s=%.2f cpu_s=%.2f%n", mode, rows, (t1 - t0) / 1e9,
                (t2 - t1) / 1e9, (c2 - c1) / 1e9);
        if (spark != null) {
            spark.stop();
        }
    }
}
