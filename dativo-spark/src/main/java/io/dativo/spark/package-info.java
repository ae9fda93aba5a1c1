/**
 * Dativo jobs on Apache Spark: {@link io.dativo.spark.DativoSpark#run} runs a job's splits as Spark tasks and commits
 * them once on the driver; {@link io.dativo.spark.DativoSparkMain} is the {@code spark-submit} entry.
 */
package io.dativo.spark;
