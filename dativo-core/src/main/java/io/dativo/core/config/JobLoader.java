package io.dativo.core.config;

import static io.dativo.core.config.Shape.any;
import static io.dativo.core.config.Shape.anyMap;
import static io.dativo.core.config.Shape.bool;
import static io.dativo.core.config.Shape.integer;
import static io.dativo.core.config.Shape.listOf;
import static io.dativo.core.config.Shape.number;
import static io.dativo.core.config.Shape.obj;
import static io.dativo.core.config.Shape.oneOf;
import static io.dativo.core.config.Shape.text;
import static io.dativo.core.config.Shape.textList;

import io.dativo.api.AssetDefinition;
import io.dativo.api.ConfigException;
import io.dativo.api.ConfigProblem;
import io.dativo.api.FieldSpec;
import io.dativo.api.DataType;
import io.dativo.api.FileSpec;
import io.dativo.api.IncrementalSpec;
import io.dativo.api.SourceConfig;
import io.dativo.api.TableSpec;
import io.dativo.api.TargetConfig;
import io.dativo.api.ValidationMode;
import io.dativo.api.WriteMode;
import io.dativo.core.config.YNode.Loc;
import io.dativo.core.config.YNode.YList;
import io.dativo.core.config.YNode.YMap;
import io.dativo.core.config.YNode.YScalar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a job file with its connector recipes and data contract, merges recipe defaults into the job, substitutes
 * variables, and checks everything. All problems are reported together in one {@link ConfigException}.
 *
 * <p>Instances are immutable; the {@code with...} methods return changed copies.
 */
public final class JobLoader {

    private static final Logger LOG = LoggerFactory.getLogger(JobLoader.class);

    static final Shape ENGINE = obj().opt("type", text()).opt("options", anyMap());
    static final Shape INCREMENTAL = obj()
            .opt("strategy", oneOf("file_modified_time", "updated_at", "cursor", "full_refresh"))
            .opt("cursor_field", text()).opt("lookback_days", integer()).opt("state_path", text());
    static final Shape SOURCE = obj()
            .opt("custom_reader", text()).opt("connection", anyMap()).opt("credentials", anyMap())
            .opt("objects", textList())
            .opt("tables", listOf(obj().req("name", text()).opt("object", text()).opt("cursor_field", text())))
            .opt("query", text())
            .opt("files", listOf(obj().req("path", text()).opt("object", text()).opt("id", text())))
            .opt("incremental", INCREMENTAL).opt("engine", ENGINE);
    static final String[] FORMATS = {"parquet", "csv", "jsonl"};
    static final String[] COMPRESSIONS = {"snappy", "zstd", "gzip", "none", "uncompressed"};
    static final Shape TARGET = obj()
            .opt("custom_writer", text()).opt("connection", anyMap()).opt("credentials", anyMap())
            .opt("catalog", any()).opt("file_format", oneOf(FORMATS)).opt("compression", oneOf(COMPRESSIONS))
            .opt("partitioning", textList()).opt("target_file_size_mb", integer())
            .opt("parquet_target_size_mb", integer()).opt("write_mode", oneOf("append", "overwrite", "merge"))
            .opt("merge_keys", textList()).opt("engine", ENGINE);
    static final Shape JOB = obj()
            .req("tenant_id", text()).opt("name", text()).opt("environment", text()).opt("description", text())
            .opt("source_connector", text()).opt("source_connector_path", text())
            .opt("target_connector", text()).opt("target_connector_path", text())
            .opt("asset", text()).req("asset_path", text())
            .req("source", SOURCE).req("target", TARGET)
            .opt("schema_validation_mode", oneOf("strict", "warn", "quarantine"))
            .opt("logging", obj().opt("level", oneOf("trace", "debug", "info", "warn", "error"))
                    .opt("redaction", bool()))
            .opt("retry_config", obj().opt("max_retries", integer()).opt("initial_delay_seconds", number())
                    .opt("max_delay_seconds", number()).opt("backoff_multiplier", number())
                    .opt("retryable_error_patterns", textList()))
            .opt("parallelism", integer()).opt("timeout_seconds", integer())
            .opt("catalog", any());
    static final Shape RECIPE = obj()
            .opt("name", text()).req("type", text()).req("roles", listOf(oneOf("source", "target")))
            .opt("description", text()).opt("version", any()).opt("default_engine", ENGINE)
            .opt("credentials", obj().opt("type", text()).opt("from_env", textList()).opt("file_template", text()))
            .opt("connection_template", anyMap())
            .opt("incremental", obj().opt("strategy", text()).opt("cursor_field_default", text())
                    .opt("lookback_days_default", integer()))
            .opt("rate_limits", any()).opt("file_format", oneOf(FORMATS))
            .opt("partitioning_default", textList()).opt("catalog", any()).opt("allowed_in_cloud", bool());
    static final Shape FIELD = obj()
            .req("name", text()).opt("type", text()).opt("logicalType", text()).opt("physicalType", text())
            .opt("required", bool()).opt("classification", text()).opt("description", text())
            .opt("precision", integer()).opt("scale", integer()).opt("primaryKey", bool())
            .free("primaryKeyPosition", "unique", "tags", "examples", "format", "default",
                    "businessName", "criticalDataElement", "quality", "customProperties", "authoritativeDefinitions",
                    "transformLogic", "transformSourceObjects", "transformDescription", "partitioned",
                    "partitionKeyPosition", "clusterKey", "encryptedName");
    static final Shape.Obj ASSET_BODY = obj()
            .req("name", text()).req("schema", listOf(FIELD)).opt("version", text()).opt("domain", text())
            .opt("dataProduct", text()).opt("tenant", text()).opt("object", text()).opt("source_type", text())
            .opt("tags", textList())
            .opt("target", obj().opt("file_format", oneOf(FORMATS)).opt("partitioning", textList())
                    .opt("mode", oneOf("strict", "warn", "quarantine")))
            .opt("team", anyMap()).opt("compliance", anyMap()).opt("governance", anyMap())
            .free("$schema", "apiVersion", "kind", "id", "status", "description", "data_quality", "finops",
                    "change_management", "servers", "support", "price", "roles", "slaProperties",
                    "slaDefaultElement", "customProperties", "authoritativeDefinitions", "contractCreatedTs",
                    "quality", "dataProductType");
    static final Shape NESTED_ASSET = obj().req("asset", ASSET_BODY).free("$schema", "apiVersion", "kind");

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

        YMap sourceRecipe = recipe(job, "source", vars, problems);
        YMap targetRecipe = recipe(job, "target", vars, problems);
        YMap asset = assetTree(job, vars, problems);

        YMap merged = mergeRecipes(job, sourceRecipe, targetRecipe, vars);
        YNode substituted = vars.substitute(merged, "", problems);
        @SuppressWarnings("unchecked")
        Map<String, Object> j = (Map<String, Object>) JOB.check(substituted, "", problems);

        AssetDefinition assetDef = null;
        String assetMode = null;
        if (asset != null) {
            YNode assetSub = vars.substitute(asset, "", problems);
            Map<String, Object> a = assetMap(assetSub, problems);
            if (a != null) {
                assetDef = asset(a, assetSub, problems);
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
        credentialsFromRecipe(sourceRecipe, str(j, "tenant_id"), credentials, secretValues);

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
                .connection(map(tgt.get("connection"))).credentials(map(tgt.get("credentials")))
                .catalog(catalog(tgt.containsKey("catalog") ? tgt.get("catalog") : j.get("catalog")))
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
            checkPartitioning(partitioning, assetDef, substituted, problems);
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
        return new Loaded(spec, Masker.of(secretValues, credentials, source.connection(), target.connection(),
                target.credentials(), source.engineOptions(), target.catalog()));
    }

    private static Loc keyLoc(YMap map, String key) {
        YNode node = map.get(key);
        return node != null ? node.loc() : map.loc();
    }

    Path resolve(String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p : baseDir.resolve(p).normalize();
    }

    private YMap recipe(YMap job, String role, Variables vars, List<ConfigProblem> problems) {
        String key = role + "_connector_path";
        if (!(job.get(key) instanceof YScalar pathNode) || pathNode.value() == null) {
            return null;
        }
        YScalar path = (YScalar) vars.substitute(pathNode, key, problems);
        if (path.text().contains("${")) {
            return null;
        }
        List<ConfigProblem> own = new ArrayList<>();
        Optional<YNode> tree = Yaml.read(resolve(path.text()), path.text(), own);
        if (tree.isEmpty()) {
            own.forEach(p -> problems.add(p.line() > 0 ? p : new ConfigProblem(path.loc().file(),
                    path.loc().line(), path.loc().column(), key, "connector recipe " + p.message())));
            return null;
        }
        Object checked = RECIPE.check(tree.get(), "", problems);
        if (!(tree.get() instanceof YMap recipe) || !(checked instanceof Map<?, ?> r)) {
            return null;
        }
        Object roles = r.get("roles");
        if (roles instanceof List<?> l && !l.contains(role)) {
            Loc at = job.keyLocs().get(key);
            Shape.problem(problems, at, key, "connector recipe " + path.text() + " has roles " + l
                    + " and cannot be used as a " + role);
        }
        String declared = job.get(role + "_connector") instanceof YScalar t ? t.text() : null;
        if (declared != null && r.get("type") != null && !declared.equals(r.get("type"))
                && !declared.equals(r.get("name"))) {
            Shape.problem(problems, job.keyLocs().get(key), key, "connector recipe " + path.text() + " is of type '"
                    + r.get("type") + "' but " + role + "_connector is '" + declared + "'");
        }
        warnIgnoredEngine(recipe, path.text());
        return recipe;
    }

    private static void warnIgnoredEngine(YMap recipe, String file) {
        if (recipe.get("default_engine") instanceof YMap engine && engine.get("type") instanceof YScalar t
                && t.value() != null && !"native".equals(t.text())) {
            LOG.warn("{}: engine type '{}' does not apply to Dativo for Java; its options are ignored", file, t.text());
        }
    }

    private YMap assetTree(YMap job, Variables vars, List<ConfigProblem> problems) {
        if (!(job.get("asset_path") instanceof YScalar pathNode) || pathNode.value() == null) {
            return null;
        }
        YScalar path = (YScalar) vars.substitute(pathNode, "asset_path", problems);
        if (path.text().contains("${")) {
            return null;
        }
        List<ConfigProblem> own = new ArrayList<>();
        Optional<YNode> tree = Yaml.read(resolve(path.text()), path.text(), own);
        if (tree.isEmpty()) {
            own.forEach(p -> problems.add(p.line() > 0 ? p : new ConfigProblem(path.loc().file(),
                    path.loc().line(), path.loc().column(), "asset_path", "data contract " + p.message())));
            return null;
        }
        if (!(tree.get() instanceof YMap m)) {
            Shape.problem(problems, tree.get().loc(), "", "a data contract must be a mapping");
            return null;
        }
        return m;
    }

    /** The job with recipe defaults under it: the job's own values win, nested maps merge key by key. */
    private static YMap mergeRecipes(YMap job, YMap sourceRecipe, YMap targetRecipe, Variables vars) {
        Map<String, YNode> entries = new LinkedHashMap<>(job.entries());
        if (sourceRecipe != null && job.get("source") instanceof YMap source) {
            Map<String, YNode> defaults = new LinkedHashMap<>();
            put(defaults, "connection", template(sourceRecipe, source, vars));
            put(defaults, "engine", engineDefaults(sourceRecipe));
            if (source.get("incremental") instanceof YMap inc && !inc.entries().isEmpty()
                    && sourceRecipe.get("incremental") instanceof YMap ri) {
                Map<String, YNode> incDefaults = new LinkedHashMap<>();
                put(incDefaults, "strategy", ri.get("strategy"));
                put(incDefaults, "cursor_field", ri.get("cursor_field_default"));
                put(incDefaults, "lookback_days", ri.get("lookback_days_default"));
                put(defaults, "incremental", new YMap(incDefaults, Map.of(), ri.loc()));
            }
            entries.put("source", merge(new YMap(defaults, Map.of(), sourceRecipe.loc()), source));
        }
        if (targetRecipe != null && job.get("target") instanceof YMap target) {
            Map<String, YNode> defaults = new LinkedHashMap<>();
            put(defaults, "connection", template(targetRecipe, target, vars));
            put(defaults, "file_format", targetRecipe.get("file_format"));
            put(defaults, "partitioning", targetRecipe.get("partitioning_default"));
            put(defaults, "catalog", targetRecipe.get("catalog"));
            YMap engine = engineDefaults(targetRecipe);
            if (engine != null && engine.get("options") instanceof YMap opts) {
                put(defaults, "compression", opts.get("compression"));
                put(defaults, "target_file_size_mb", opts.get("max_file_size_mb"));
                if (targetRecipe.get("partitioning_default") == null) {
                    put(defaults, "partitioning", opts.get("partition_by_default"));
                }
            }
            put(defaults, "engine", engine);
            entries.put("target", merge(new YMap(defaults, Map.of(), targetRecipe.loc()), target));
        }
        return new YMap(entries, job.keyLocs(), job.loc());
    }

    /**
     * The recipe's connection template without the values whose variables are unset where the job's connection
     * gives that key, or a {@code url} in place of host, port and database.
     */
    private static YNode template(YMap recipe, YMap role, Variables vars) {
        if (!(recipe.get("connection_template") instanceof YMap t) || !(role.get("connection") instanceof YMap own)) {
            return recipe.get("connection_template");
        }
        Map<String, YNode> kept = new LinkedHashMap<>(t.entries());
        t.entries().forEach((k, v) -> {
            if ((own.get(k) != null || own.get("url") != null) && !vars.resolves(v)) {
                kept.remove(k);
            }
        });
        return new YMap(kept, t.keyLocs(), t.loc());
    }

    /** The recipe's engine options, with the section named after the engine type lifted to the top. */
    private static YMap engineDefaults(YMap recipe) {
        if (!(recipe.get("default_engine") instanceof YMap engine)
                || !(engine.get("options") instanceof YMap options)) {
            return null;
        }
        String type = engine.get("type") instanceof YScalar t ? t.text() : null;
        Map<String, YNode> flat = new LinkedHashMap<>();
        options.entries().forEach((k, v) -> {
            if (k.equals(type) && v instanceof YMap section) {
                section.entries().forEach((sk, sv) -> {
                    if (!Set.of("library", "library_version", "tap", "tap_package", "tap_version", "tap_config")
                            .contains(sk)) {
                        flat.put(sk, sv);
                    }
                });
            } else if (!(v instanceof YMap) || !Set.of("native", "airbyte", "meltano", "singer", "spark", "jdbc")
                    .contains(k)) {
                flat.put(k, v);
            }
        });
        if (flat.containsKey("chunk_size") && !flat.containsKey("batch_size")) {
            flat.put("batch_size", flat.remove("chunk_size"));
        }
        flat.remove("chunk_size");
        Map<String, YNode> e = new LinkedHashMap<>();
        e.put("options", new YMap(flat, Map.of(), options.loc()));
        return new YMap(e, Map.of(), engine.loc());
    }

    private static void put(Map<String, YNode> m, String key, YNode value) {
        if (value != null && !(value instanceof YScalar s && s.value() == null)) {
            m.put(key, value);
        }
    }

    static YMap merge(YMap base, YMap over) {
        Map<String, YNode> out = new LinkedHashMap<>(base.entries());
        Map<String, Loc> keyLocs = new LinkedHashMap<>(base.keyLocs());
        over.entries().forEach((k, v) -> {
            YNode b = out.get(k);
            out.put(k, b instanceof YMap bm && v instanceof YMap vm ? merge(bm, vm) : v);
            Loc kl = over.keyLocs().get(k);
            if (kl != null) {
                keyLocs.put(k, kl);
            }
        });
        return new YMap(out, keyLocs, over.loc());
    }

    private void credentialsFromRecipe(YMap recipe, String tenant, Map<String, Object> credentials,
                                       Set<String> secretValues) {
        if (recipe == null || !(recipe.get("credentials") instanceof YMap c)) {
            return;
        }
        if (c.get("from_env") instanceof YList names) {
            for (YNode n : names.items()) {
                String name = ((YScalar) n).text();
                String v = System.getenv(name);
                if (v != null) {
                    credentials.putIfAbsent(name.toLowerCase(Locale.ROOT), v);
                    secretValues.add(v);
                }
            }
        }
        if (c.get("file_template") instanceof YScalar t && t.value() != null && tenant != null) {
            Path file = resolve(t.text().replace("{tenant}", tenant));
            if (Files.isRegularFile(file)) {
                try {
                    for (String line : Files.readAllLines(file)) {
                        int eq = line.indexOf('=');
                        if (eq > 0 && !line.startsWith("#")) {
                            String v = line.substring(eq + 1).trim();
                            credentials.putIfAbsent(line.substring(0, eq).trim().toLowerCase(Locale.ROOT), v);
                            secretValues.add(v);
                        }
                    }
                } catch (IOException e) {
                    LOG.warn("cannot read credentials file {}: {}", file, e.getMessage());
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> assetMap(YNode tree, List<ConfigProblem> problems) {
        if (tree instanceof YMap m && m.get("asset") instanceof YMap && m.get("schema") == null) {
            Object checked = NESTED_ASSET.check(tree, "", problems);
            if (!(checked instanceof Map<?, ?> outer)) {
                return null;
            }
            Map<String, Object> a = new LinkedHashMap<>((Map<String, Object>) outer.get("asset"));
            Map<String, Object> gov = map(a.remove("governance"));
            Map<String, Object> team = new LinkedHashMap<>(map(a.get("team")));
            if (gov.get("owner") != null) {
                team.putIfAbsent("owner", gov.get("owner"));
            }
            a.put("team", team);
            Map<String, Object> compliance = new LinkedHashMap<>(map(a.get("compliance")));
            for (String k : List.of("classification", "retention_days", "regulations", "security")) {
                if (gov.get(k) != null) {
                    compliance.putIfAbsent(k, gov.get(k));
                }
            }
            a.put("compliance", compliance);
            if (gov.get("tags") != null && a.get("tags") == null) {
                a.put("tags", gov.get("tags"));
            }
            return a;
        }
        Object checked = ASSET_BODY.check(tree, "", problems);
        return checked instanceof Map<?, ?> a ? (Map<String, Object>) a : null;
    }

    private static AssetDefinition asset(Map<String, Object> a, YNode tree, List<ConfigProblem> problems) {
        YNode schemaNode = tree instanceof YMap m ? (m.get("schema") != null ? m.get("schema")
                : m.get("asset") instanceof YMap inner ? inner.get("schema") : null) : null;
        List<FieldSpec> fields = new ArrayList<>();
        List<?> raw = a.get("schema") instanceof List<?> l ? l : List.of();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            Map<String, Object> f = map(raw.get(i));
            YNode fieldNode = schemaNode instanceof YList sl && i < sl.items().size() ? sl.items().get(i) : tree;
            String path = (tree instanceof YMap m && m.get("asset") != null ? "asset." : "") + "schema[" + i + "]";
            String name = str(f, "name");
            String typeName = Optional.ofNullable(str(f, "type")).orElse(str(f, "logicalType"));
            if (name == null) {
                continue;
            }
            if (!seen.add(name)) {
                Shape.problem(problems, fieldNode.loc(), path + ".name", "field '" + name + "' is defined twice");
            }
            if (typeName == null) {
                Shape.problem(problems, fieldNode.loc(), path, "field '" + name + "' has no type");
                continue;
            }
            Optional<DataType> type = DataType.parse(typeName);
            if (type.isEmpty()) {
                Loc at = fieldNode instanceof YMap fm && fm.get("type") != null ? fm.get("type").loc() : fieldNode.loc();
                Shape.problem(problems, at, path + ".type", "unknown type '" + typeName + "'"
                        + Shape.didYouMean(typeName, DataType.names()));
                continue;
            }
            int precision = intOr(f.get("precision"), DataType.DEFAULT_PRECISION);
            int scale = intOr(f.get("scale"), f.get("precision") == null ? DataType.DEFAULT_SCALE : 0);
            if (type.get() == DataType.DECIMAL && (precision < 1 || precision > 38 || scale < 0 || scale > precision)) {
                Shape.problem(problems, fieldNode.loc(), path, "decimal field '" + name
                        + "' needs 1 <= precision <= 38 and 0 <= scale <= precision, found precision " + precision
                        + " and scale " + scale);
                continue;
            }
            fields.add(new FieldSpec(name, type.get(), Boolean.TRUE.equals(f.get("required")),
                    str(f, "classification"), str(f, "description"), precision, scale,
                    Boolean.TRUE.equals(f.get("primaryKey"))));
        }
        Map<String, Object> team = map(a.get("team"));
        Map<String, Object> compliance = map(a.get("compliance"));
        Object cls = compliance.get("classification");
        List<String> classification = cls instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                : cls == null ? List.of() : List.of(cls.toString());
        Object retention = compliance.get("retention_days");
        return AssetDefinition.builder(str(a, "name")).version(Optional.ofNullable(str(a, "version")).orElse("1.0"))
                .domain(str(a, "domain")).dataProduct(str(a, "dataProduct")).tenant(str(a, "tenant"))
                .objectName(str(a, "object")).schema(fields).owner(str(team, "owner")).classification(classification)
                .retentionDays(retention instanceof Number n ? n.intValue() : null).tags(strings(a.get("tags")))
                .targetDefaults(map(a.get("target"))).build();
    }

    private static void checkPartitioning(List<String> partitioning, AssetDefinition asset, YNode job,
                                          List<ConfigProblem> problems) {
        for (String col : partitioning) {
            if (!col.equals("ingest_date") && asset.field(col) == null) {
                Loc at = job instanceof YMap m && m.get("target") instanceof YMap t && t.get("partitioning") != null
                        ? t.get("partitioning").loc() : job.loc();
                Shape.problem(problems, at, "target.partitioning", "partition column '" + col
                        + "' is not a field of asset '" + asset.name() + "'"
                        + Shape.didYouMean(col, asset.schema().stream().map(FieldSpec::name).toList()));
            }
        }
    }

    private static List<ConfigProblem> dedupe(List<ConfigProblem> problems) {
        return new ArrayList<>(new LinkedHashSet<>(problems));
    }

    private static Map<String, Object> catalog(Object c) {
        if (c instanceof Map<?, ?>) {
            return map(c);
        }
        return c == null ? Map.of() : Map.of("type", c.toString());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static String str(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? null : v.toString();
    }

    static List<String> strings(Object o) {
        return o instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }

    static int intOr(Object o, int fallback) {
        return o instanceof Number n ? n.intValue() : fallback;
    }


    private static List<TableSpec> tables(Object o) {
        List<TableSpec> out = new ArrayList<>();
        if (o instanceof List<?> l) {
            for (Object t : l) {
                Map<String, Object> m = map(t);
                out.add(new TableSpec(str(m, "name"), str(m, "object"), str(m, "cursor_field")));
            }
        }
        return out;
    }

    private static List<FileSpec> files(Object o) {
        List<FileSpec> out = new ArrayList<>();
        if (o instanceof List<?> l) {
            for (Object t : l) {
                Map<String, Object> m = map(t);
                out.add(new FileSpec(str(m, "path"), str(m, "object"), str(m, "id")));
            }
        }
        return out;
    }

    private static IncrementalSpec incremental(Object o) {
        Map<String, Object> m = map(o);
        if (m.isEmpty()) {
            return null;
        }
        return new IncrementalSpec(Optional.ofNullable(str(m, "strategy")).orElse("full_refresh"),
                str(m, "cursor_field"), intOr(m.get("lookback_days"), 0), str(m, "state_path"));
    }
}
