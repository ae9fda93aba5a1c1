package io.dativo.core.config;

import io.dativo.api.ConfigProblem;
import io.dativo.core.config.YNode.Loc;
import io.dativo.core.config.YNode.YList;
import io.dativo.core.config.YNode.YMap;
import io.dativo.core.config.YNode.YScalar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connector recipes: reading the recipe a job names for a role, merging its defaults under the job, and the
 * credentials it takes from the environment or a per-tenant file.
 */
final class Recipes {

    private static final Logger LOG = LoggerFactory.getLogger(Recipes.class);

    private final ConfigFiles files;

    Recipes(ConfigFiles files) {
        this.files = files;
    }

    /** The recipe the job names for {@code role} ({@code source} or {@code target}), checked; null if none. */
    YMap read(YMap job, String role, Variables vars, List<ConfigProblem> problems) {
        String key = role + "_connector_path";
        Optional<ConfigFiles.Named> named = files.read(job, key, "connector recipe", vars, problems);
        if (named.isEmpty()) {
            return null;
        }
        String file = named.get().path();
        YNode tree = named.get().tree();
        Object checked = JobShapes.RECIPE.check(tree, "", problems);
        if (!(tree instanceof YMap recipe) || !(checked instanceof Map<?, ?> r)) {
            return null;
        }
        Object roles = r.get("roles");
        if (roles instanceof List<?> l && !l.contains(role)) {
            Loc at = job.keyLocs().get(key);
            Shape.problem(problems, at, key, "connector recipe " + file + " has roles " + l
                    + " and cannot be used as a " + role);
        }
        String declared = job.get(role + "_connector") instanceof YScalar t ? t.text() : null;
        if (declared != null && r.get("type") != null && !declared.equals(r.get("type"))
                && !declared.equals(r.get("name"))) {
            Shape.problem(problems, job.keyLocs().get(key), key, "connector recipe " + file + " is of type '"
                    + r.get("type") + "' but " + role + "_connector is '" + declared + "'");
        }
        warnIgnoredEngine(recipe, file);
        return recipe;
    }

    private static void warnIgnoredEngine(YMap recipe, String file) {
        if (recipe.get("default_engine") instanceof YMap engine && engine.get("type") instanceof YScalar t
                && t.value() != null && !"native".equals(t.text())) {
            LOG.warn("{}: engine type '{}' does not apply to Dativo for Java; its options are ignored", file, t.text());
        }
    }

    /** The job with recipe defaults under it: the job's own values win, nested maps merge key by key. */
    static YMap merge(YMap job, YMap sourceRecipe, YMap targetRecipe, Variables vars) {
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

    /**
     * Adds the recipe's credentials under the job's own {@code credentials}, which win key by key: first the lines
     * of the per-tenant file of {@code credentials.file_template} ({@code {tenant}} replaced), then the variables
     * {@code credentials.from_env} names. A missing or unreadable file is a problem naming its path, unless the job
     * gave credentials of its own. Every value read is added to {@code secretValues}.
     */
    void credentials(YMap recipe, String role, String tenant, Map<String, Object> credentials,
                     Set<String> secretValues, List<ConfigProblem> problems) {
        if (recipe == null || !(recipe.get("credentials") instanceof YMap c)) {
            return;
        }
        boolean fromJob = !credentials.isEmpty();
        if (c.get("file_template") instanceof YScalar t && t.value() != null
                && (tenant != null || !t.text().contains("{tenant}"))) {
            Path file = files.resolve(tenant == null ? t.text() : t.text().replace("{tenant}", tenant));
            String fix = "; create it with one NAME=value line per credential, or give " + role
                    + ".credentials in the job";
            if (!Files.isRegularFile(file)) {
                if (!fromJob) {
                    Shape.problem(problems, t.loc(), "credentials.file_template", "credentials file " + file
                            + " does not exist" + fix);
                }
            } else {
                try {
                    for (String line : Files.readAllLines(file)) {
                        int eq = line.indexOf('=');
                        if (eq > 0 && !line.startsWith("#")) {
                            String v = unquote(line.substring(eq + 1).trim());
                            credentials.putIfAbsent(line.substring(0, eq).trim().toLowerCase(Locale.ROOT), v);
                            secretValues.add(v);
                        }
                    }
                } catch (IOException e) {
                    if (!fromJob) {
                        Shape.problem(problems, t.loc(), "credentials.file_template", "cannot read credentials file "
                                + file + " (" + e.getClass().getSimpleName() + ")" + fix);
                    }
                }
            }
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
    }

    /** An env-file value without the quotes around it, as shells and Docker write them. */
    private static String unquote(String v) {
        boolean quoted = v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"")
                || v.startsWith("'") && v.endsWith("'"));
        return quoted ? v.substring(1, v.length() - 1) : v;
    }
}
