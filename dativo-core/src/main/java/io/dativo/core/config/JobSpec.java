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
 */
public record JobSpec(String name, String tenantId, String environment, SourceConfig source, TargetConfig target,
                      AssetDefinition asset, ValidationMode validationMode, RetryConfig retry, String logLevel) {
}
