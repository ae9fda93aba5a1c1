package io.dativo.core.connector.file;

import io.dativo.api.AssetDefinition;
import io.dativo.api.io.FileIO;
import io.dativo.core.storage.PathNames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What the file target's split writers and committer share for one run: plain settings taken from the write
 * context, and where things go under the asset's output base.
 *
 * @param io            the storage
 * @param asset         the contract
 * @param tenantId      the tenant
 * @param runId         the run
 * @param outputBase    the asset's directory or prefix
 * @param format        {@code parquet}, {@code csv} or {@code jsonl}
 * @param compression   the Parquet codec
 * @param targetBytes   the size files are cut at
 * @param partitioning  partition columns
 * @param ingestDate    the run's UTC date, for {@code ingest_date}
 * @param writeMode     {@code append} or {@code overwrite}
 * @param metadata      Parquet key-value metadata (governance)
 * @param fieldIds      column name to Parquet field id
 * @param leaseTtl      how long a lease outlives its last heartbeat
 * @param manifestsKept committed manifests kept per tenant and job
 * @param partitionText partition column to the function that turns a row's value text into the partition's text;
 *                      columns not in it are partitioned by their value
 */
record FileTarget(FileIO io, AssetDefinition asset, String tenantId, String runId, String outputBase, String format,
                  String compression, long targetBytes, List<String> partitioning, String ingestDate,
                  String writeMode, Map<String, String> metadata, Map<String, Integer> fieldIds, Duration leaseTtl,
                  int manifestsKept, Map<String, UnaryOperator<String>> partitionText) {

    /** The hidden folder under the output base that holds leases, pending manifests and manifests. */
    static final String STAGING_DIR = ".dativo-staging";
    /** Where records that failed validation go, under the output base. */
    static final String REJECTS_DIR = "_rejects";

    String staging() {
        return io.resolve(outputBase, STAGING_DIR);
    }

    /** The folder a run stages its lease and pending manifest in. */
    String runFolder(String run) {
        return io.resolve(staging(), PathNames.escape(run));
    }

    String lease(String run) {
        return io.resolve(runFolder(run), RunLease.FILE);
    }

    /** The folder of the committed manifests of a tenant's job, and its pointer to the latest. */
    String manifests(String tenant, String job) {
        return io.resolve(io.resolve(io.resolve(staging(), "manifests"), PathNames.escape(tenant)),
                PathNames.escape(job == null ? "" : job));
    }

    /** The name prefix of files a run writes: {@code part-{run}-} for data, {@code rejects-{run}-} for rejects. */
    static String prefix(boolean rejects, String run) {
        return (rejects ? "rejects-" : "part-") + PathNames.escape(run) + "-";
    }
}
