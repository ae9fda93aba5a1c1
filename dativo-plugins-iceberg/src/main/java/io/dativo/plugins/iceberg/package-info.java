/**
 * The {@code iceberg} target: Apache Iceberg tables written by core's Parquet split writer and committed in one
 * snapshot with the run's state, over JDBC and REST catalogs, on the local disk or S3.
 */
package io.dativo.plugins.iceberg;
