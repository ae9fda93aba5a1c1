package io.dativo.core.config;

import io.dativo.api.AssetDefinition;
import io.dativo.api.SourceConfig;
import io.dativo.api.TargetConfig;
import io.dativo.api.ValidationMode;

/**
 * A job, loaded and checked: everything a run needs. Built by {@link JobLoader} from YAML or by
 * {@code Pipeline.builder()} in code. Secrets are masked in {@link #toString()}.
 *
 * @param name           the job's name; the job file's name without extension when loaded from YAML
 * @param tenantId       the tenant
 * @param environment    free text such as {@code prod}, or {@code null}
 * @param source         the source side
 * @param target         the target side
 * @param asset          the data contract
 * @param validationMode what to do with invalid records
 * @param retry          how to retry retryable failures
 * @param logLevel       the job's log level, or {@code null}
 * @param parallelism    how many splits a run reads at once (job key {@code parallelism}); 0 for the number of cores
 * @param timeoutSeconds how long a run may take before it is stopped (job key {@code timeout_seconds}); 0 for no
 *                       limit
 */
public record JobSpec(String name, String tenantId, String environment, SourceConfig source, TargetConfig target,
                      AssetDefinition asset, ValidationMode validationMode, RetryConfig retry, String logLevel,
                      int parallelism, long timeoutSeconds) {

    /** Checks the limits. */
    public JobSpec {
        if (parallelism < 0) {
            throw new IllegalArgumentException("parallelism must be 0 (the number of cores) or more");
        }
        if (timeoutSeconds < 0) {
            throw new IllegalArgumentException("timeout_seconds must be 0 (no limit) or more");
        }
    }

    /** A job with the default parallelism and no time limit. */
    public JobSpec(String name, String tenantId, String environment, SourceConfig source, TargetConfig target,
                   AssetDefinition asset, ValidationMode validationMode, RetryConfig retry, String logLevel) {
        this(name, tenantId, environment, source, target, asset, validationMode, retry, logLevel, 0, 0);
    }

    /** How many splits a run reads at once: {@link #parallelism()}, or the number of cores when that is 0. */
    public int effectiveParallelism() {
        return parallelism > 0 ? parallelism : Runtime.getRuntime().availableProcessors();
    }
}
