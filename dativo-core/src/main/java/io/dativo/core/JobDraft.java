package io.dativo.core;

import io.dativo.api.AssetDefinition;
import io.dativo.api.SourceConfig;
import io.dativo.api.TargetConfig;
import io.dativo.api.ValidationMode;
import io.dativo.core.config.JobSpec;
import io.dativo.core.config.Masker;
import io.dativo.core.config.RetryConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The job a {@link Pipeline.Builder} is putting together, and the checks that it is complete. */
final class JobDraft {

    String name = "job";
    String tenantId;
    String environment;
    SourceConfig source;
    TargetConfig target;
    AssetDefinition asset;
    ValidationMode mode = ValidationMode.STRICT;
    RetryConfig retry = RetryConfig.none();
    int parallelism;

    /**
     * The job; without a target, a host's writer gets a placeholder one.
     *
     * @throws IllegalStateException naming the required parts that are missing
     */
    JobSpec spec(boolean hasWriter) {
        List<String> missing = new ArrayList<>();
        if (tenantId == null) {
            missing.add("tenant");
        }
        if (asset == null) {
            missing.add("asset");
        }
        if (source == null) {
            missing.add("source");
        }
        if (target == null && !hasWriter) {
            missing.add("target or writer");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Pipeline.builder() needs " + String.join(", ", missing));
        }
        TargetConfig t = target != null ? target : new TargetConfig("custom", null, Map.of(), Map.of(), Map.of(),
                "parquet", "snappy", List.of(), 128, "append", Map.of(), System.getProperty("user.dir"));
        return new JobSpec(name, tenantId, environment, source, t, asset, mode, retry, null, parallelism, 0);
    }

    /** What hides the job's secrets in messages. */
    static Masker masker(JobSpec spec) {
        SourceConfig s = spec.source();
        TargetConfig t = spec.target();
        return Masker.ofBuilt(s, t);
    }
}
