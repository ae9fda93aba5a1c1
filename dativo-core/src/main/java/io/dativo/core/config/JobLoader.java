package io.dativo.core.config;

import static io.dativo.core.config.ConfigValues.catalog;
import static io.dativo.core.config.ConfigValues.files;
import static io.dativo.core.config.ConfigValues.incremental;
import static io.dativo.core.config.ConfigValues.intOr;
import static io.dativo.core.config.ConfigValues.map;
import static io.dativo.core.config.ConfigValues.str;
import static io.dativo.core.config.ConfigValues.strings;
import static io.dativo.core.config.ConfigValues.tables;

import io.dativo.api.AssetDefinition;
import io.dativo.api.ConfigException;
import io.dativo.api.ConfigProblem;
import io.dativo.api.SourceConfig;
import io.dativo.api.TargetConfig;
import io.dativo.api.ValidationMode;
import io.dativo.api.WriteMode;
import io.dativo.core.config.YNode.Loc;
import io.dativo.core.config.YNode.YMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads a job file with its connector recipes and data contract, merges recipe defaults into the job, substitutes
 * variables, and checks everything. All problems are reported together in one {@link ConfigException}.
 *
 * <p>Instances are immutable; the {@code with...} methods return changed copies.
 */
public final class JobLoader {


    private final Path baseDir;
    private final List<SecretSource> sources;

    /** A loader that resolves relative paths against the working directory and reads variables from the environment. */
    public JobLoader() {
        this(Path.of("").toAbsolutePath(), List.of(SecretSource.environment()));
    }

    private JobLoader(Path baseDir, List<SecretSource> sources) {
        this.baseDir = baseDir;
        this.sources = List.copyOf(sources);
    }

    /** A loader that resolves relative paths in the three files against {@code dir}. */
    public JobLoader withBaseDir(Path dir) {
        return new JobLoader(dir.toAbsolutePath(), sources);
    }

    /** A loader that looks variables up in {@code source} before the sources it already has. */
    public JobLoader withSecretSource(SecretSource source) {
        List<SecretSource> all = new ArrayList<>();
        all.add(source);
        all.addAll(sources);
        return new JobLoader(baseDir, all);
    }

    /** A loader that takes variables from {@code values} first. */
    public JobLoader withVariables(Map<String, String> values) {
        return withSecretSource(SecretSource.of(values));
    }

    /** The directory relative paths resolve against. */
    public Path baseDir() {
        return baseDir;
    }

    /**
     * Loads and checks the job in {@code jobFile}.
     *
     * @throws ConfigException listing every problem of the job, its recipes and its contract
     */
    public JobSpec load(Path jobFile) {
        return loadJob(jobFile).spec();
    }

    /** A loaded job and the secrets to keep out of output. */
    public record Loaded(JobSpec spec, Masker masker) {
    }

    /** Loads {@code jobFile} as {@link #load(Path)} does, with the masker for the secrets it resolved. */
    public Loaded loadJob(Path jobFile) {
        List<ConfigProblem> problems = new ArrayList<>();
        Set<String> secretValues = new LinkedHashSet<>();
        Variables vars = new Variables(sources, secretValues);
        String jobLabel = jobFile.toString();
        Optional<YNode> parsed = Yaml.read(jobFile.toAbsolutePath(), jobLabel, problems);
        if (parsed.isEmpty()) {
            throw new ConfigException(problems);
        }
        if (!(parsed.get() instanceof YMap job)) {
            Shape.problem(problems, parsed.get().loc(), "", "a job file must be a mapping of keys to values");
            throw new ConfigException(problems);
        }

        ConfigFiles files = new ConfigFiles(baseDir);
        Recipes recipes = new Recipes(files);
        YMap sourceRecipe = recipes.read(job, "source", vars, problems);
        YMap targetRecipe = recipes.read(job, "target", vars, problems);
        YMap asset = contractTree(files, job, vars, problems);

        YMap merged = Recipes.merge(job, sourceRecipe, targetRecipe, vars);
        YNode substituted = vars.substitute(merged, "", problems);
        @SuppressWarnings("unchecked")
        Map<String, Object> j = (Map<String, Object>) JobShapes.JOB.check(substituted, "", problems);

        AssetDefinition assetDef = null;
        String assetMode = null;
        if (asset != null) {
            YNode assetSub = vars.substitute(asset, "", problems);
            Map<String, Object> a = Contracts.body(assetSub, problems);
            if (a != null) {
                assetDef = Contracts.definition(a, assetSub, problems);
                assetMode = str(map(a.get("target")), "mode");
            }
        }
        if (j == Shape.INVALID || j == null) {
            throw new ConfigException(problems);
        }
        Map<String, Object> src = map(j.get("source"));
        Map<String, Object> tgt = map(j.get("target"));
        Map<String, Object> assetTarget = assetDef == null ? Map.of() : assetDef.targetDefaults();

        String sourceType = str(j, "source_connector");
        if (sourceType == null && str(src, "custom_reader") == null) {
            Shape.problem(problems, job.loc(), "source_connector",
                    "give source_connector (such as csv) or source.custom_reader");
        }
        String targetType = str(j, "target_connector");
        if (targetType == null && str(tgt, "custom_writer") == null) {
            Shape.problem(problems, job.loc(), "target_connector",
                    "give target_connector (such as local) or target.custom_writer");
        }
        Map<String, Object> credentials = new LinkedHashMap<>(map(src.get("credentials")));
        recipes.credentials(sourceRecipe, "source", str(j, "tenant_id"), credentials, secretValues, problems);
        Map<String, Object> targetCredentials = new LinkedHashMap<>(map(tgt.get("credentials")));
        recipes.credentials(targetRecipe, "target", str(j, "tenant_id"), targetCredentials, secretValues, problems);

        SourceConfig source = SourceConfig.builder(sourceType).customReader(str(src, "custom_reader"))
                .connection(map(src.get("connection"))).credentials(credentials).objects(strings(src.get("objects")))
                .tables(tables(src.get("tables"))).query(str(src, "query")).files(files(src.get("files")))
                .incremental(incremental(src.get("incremental"))).engineOptions(map(map(src.get("engine"))
                        .get("options"))).baseDir(baseDir.toString()).build();

        List<String> partitioning = strings(tgt.containsKey("partitioning") ? tgt.get("partitioning")
                : assetTarget.get("partitioning"));
        Object size = tgt.getOrDefault("target_file_size_mb", tgt.get("parquet_target_size_mb"));
        String format = Optional.ofNullable(str(tgt, "file_format"))
                .orElse(Optional.ofNullable((String) assetTarget.get("file_format")).orElse("parquet"));
        TargetConfig target = TargetConfig.builder(targetType).customWriter(str(tgt, "custom_writer"))
                .connection(map(tgt.get("connection"))).credentials(targetCredentials)
                .catalog(catalog(tgt.get("catalog")))
                .fileFormat(format).compression(Optional.ofNullable(str(tgt, "compression")).orElse("snappy"))
                .partitioning(partitioning).targetFileSizeMb(size == null ? 128 : ((Number) size).longValue())
                .writeMode(WriteMode.parse(str(tgt, "write_mode")).orElse(WriteMode.APPEND))
                .mergeKeys(tgt.containsKey("merge_keys") ? strings(tgt.get("merge_keys"))
                        : assetDef == null ? List.of() : assetDef.primaryKey())
                .engineOptions(map(map(tgt.get("engine")).get("options"))).baseDir(baseDir.toString()).build();

        Set<String> optionSecrets = new LinkedHashSet<>();
        FactoryChecks.source(source, substituted, problems, optionSecrets);
        FactoryChecks.target(target, substituted, problems, optionSecrets);
        if (assetDef != null) {
            Contracts.checkPartitioning(partitioning, assetDef, substituted, problems);
            FactoryChecks.mergeKeys(target, assetDef, substituted, problems);
        }
        String mode = Optional.ofNullable(str(j, "schema_validation_mode")).orElse(
                Optional.ofNullable(assetMode).orElse("strict"));
        RetryConfig retryConfig = RetryConfig.check(map(j.get("retry_config")), substituted, problems);
        String name = Optional.ofNullable(str(j, "name"))
                .orElse(jobFile.getFileName().toString().replaceFirst("\\.ya?ml$", ""));
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            Shape.problem(problems, FactoryChecks.at(substituted, "name"), "name", "a job name holds letters, "
                    + "digits, '.', '_' and '-' and starts with a letter or digit, found '" + name + "'");
        }
        int parallelism = intOr(j.get("parallelism"), 0);
        if (parallelism < 0) {
            Shape.problem(problems, keyLoc(job, "parallelism"), "parallelism",
                    "must be at least 1 (leave it out for the number of cores)");
        }
        int timeout = intOr(j.get("timeout_seconds"), 0);
        if (timeout < 0) {
            Shape.problem(problems, keyLoc(job, "timeout_seconds"), "timeout_seconds",
                    "must be positive (leave it out for no time limit)");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(dedupe(problems));
        }
        JobSpec spec = new JobSpec(name, str(j, "tenant_id"), str(j, "environment"), source, target, assetDef,
                ValidationMode.valueOf(mode.toUpperCase(Locale.ROOT)), retryConfig, str(map(j.get("logging")), "level"),
                Math.max(parallelism, 0), Math.max(timeout, 0));
        secretValues.addAll(optionSecrets);
        return new Loaded(spec, Masker.of(secretValues, credentials, source, target));
    }

    private static Loc keyLoc(YMap map, String key) {
        YNode node = map.get(key);
        return node != null ? node.loc() : map.loc();
    }

    private static YMap contractTree(ConfigFiles files, YMap job, Variables vars, List<ConfigProblem> problems) {
        Optional<ConfigFiles.Named> named = files.read(job, "asset_path", "data contract", vars, problems);
        if (named.isEmpty()) {
            return null;
        }
        if (!(named.get().tree() instanceof YMap m)) {
            Shape.problem(problems, named.get().tree().loc(), "", "a data contract must be a mapping");
            return null;
        }
        return m;
    }

    private static List<ConfigProblem> dedupe(List<ConfigProblem> problems) {
        return new ArrayList<>(new LinkedHashSet<>(problems));
    }
}
