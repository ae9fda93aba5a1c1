package io.dativo.bench;

import java.util.Properties;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.SparkSession;

/**
 * A child process for the benchmark: Spark SQL in local mode on two cores reads one CSV (with a header) or JSON
 * Lines file with an explicit schema, or a table over JDBC in ranges of a column, and writes it as
 * snappy-compressed Parquet. Compiled only in the benchmark's Spark profile, so the default build never fetches
 * Spark.
 */
public final class SparkCopy {

    private SparkCopy() {
    }

    /**
     * Usage: {@code SparkCopy csv|jsonl INPUT "name TYPE, ..." OUT_DIR LOCAL_DIR}, or {@code SparkCopy jdbc URL TABLE
     * OUT_DIR LOCAL_DIR PARTITIONS COLUMN LOWER UPPER FETCH_SIZE}.
     */
    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("dativo-bench")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.local.dir", args[4])
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.parquet.compression.codec", "snappy")
                // Spark's default is the legacy INT96; the other engines write 64-bit microseconds.
                .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
                .getOrCreate();
        try {
            if (args[0].equals("jdbc")) {
                Properties props = new Properties();
                props.setProperty("fetchsize", args[9]);
                spark.read().jdbc(args[1], args[2], args[6], Long.parseLong(args[7]), Long.parseLong(args[8]),
                        Integer.parseInt(args[5]), props).write().mode("overwrite").parquet(args[3]);
                return;
            }
            DataFrameReader reader = spark.read().schema(args[2]).option("mode", "FAILFAST")
                    .option("dateFormat", "yyyy-MM-dd").option("timestampFormat", "yyyy-MM-dd HH:mm:ss");
            (args[0].equals("csv") ? reader.option("header", "true").csv(args[1]) : reader.json(args[1]))
                    .write().mode("overwrite").parquet(args[3]);
        } finally {
            spark.stop();
        }
    }
}
