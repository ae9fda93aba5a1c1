package io.dativo.core.config;

import io.dativo.api.AssetDefinition;
import io.dativo.api.ConfigProblem;
import io.dativo.api.DativoException;
import io.dativo.api.FieldSpec;
import io.dativo.api.OptionSpec;
import io.dativo.api.ReaderFactory;
import io.dativo.api.SourceConfig;
import io.dativo.api.TargetConfig;
import io.dativo.api.WriteMode;
import io.dativo.api.WriterFactory;
import io.dativo.core.config.YNode.Loc;
import io.dativo.core.config.YNode.YList;
import io.dativo.core.config.YNode.YMap;
import io.dativo.core.config.YNode.YScalar;
import io.dativo.core.plugin.Plugins;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a job against what its reader's and writer's factories declare: engine options (names, types, required
 * ones), the incremental strategy and the write mode; and the merge keys against the contract. Problems point at the
 * key or value in the file that set it, which may be a connector recipe. A reader or writer that cannot be found
 * here is not reported: the run says why, with the classpath it has then.
 */
final class FactoryChecks {

    private static final Set<String> TRUE = Set.of("true", "yes");
    private static final Set<String> FALSE = Set.of("false", "no");

    private static final Logger LOG = LoggerFactory.getLogger(FactoryChecks.class);

    private FactoryChecks() {
    }

    /** Checks the source side; adds the values of options its factory declares secret to {@code secrets}. */
    static void source(SourceConfig source, YNode job, List<ConfigProblem> problems, Set<String> secrets) {
        withFactory(() -> Plugins.readerFactory(source), factory -> {
            String who = who("reader", source.type(), source.customReader());
            options(factory.options(), job, "source.engine.options", who, problems, secrets);
            String strategy = source.incremental() == null ? null : source.incremental().strategy();
            if (strategy != null && !strategy.equals("full_refresh") && Plugins.declaresStrategies(factory)
                    && !factory.incrementalStrategies().contains(strategy)) {
                Set<String> supported = new TreeSet<>(factory.incrementalStrategies());
                supported.add("full_refresh");
                Shape.problem(problems, at(job, "source", "incremental", "strategy"), "source.incremental.strategy",
                        who + " does not support incremental strategy '" + strategy + "'; it supports: "
                                + String.join(", ", supported));
            }
        });
    }

    /** Checks the target side; adds the values of options its factory declares secret to {@code secrets}. */
    static void target(TargetConfig target, YNode job, List<ConfigProblem> problems, Set<String> secrets) {
        withFactory(() -> Plugins.writerFactory(target), factory -> {
            String who = who("writer", target.type(), target.customWriter());
            options(factory.options(), job, "target.engine.options", who, problems, secrets);
            Set<WriteMode> modes = factory.writeModes();
            if (!modes.contains(target.writeMode())) {
                Shape.problem(problems, at(job, "target", "write_mode"), "target.write_mode", who
                        + " does not support write_mode '" + target.writeMode() + "'; it supports: "
                        + modes.stream().map(WriteMode::id).sorted().collect(Collectors.joining(", ")));
            }
        });
    }

    /** Checks that the merge keys name fields of the contract, and that merging has keys. */
    static void mergeKeys(TargetConfig target, AssetDefinition asset, YNode job, List<ConfigProblem> problems) {
        List<String> names = asset.schema().stream().map(FieldSpec::name).toList();
        for (String key : target.mergeKeys()) {
            if (asset.field(key) == null) {
                Shape.problem(problems, at(job, "target", "merge_keys"), "target.merge_keys", "merge key '" + key
                        + "' is not a field of asset '" + asset.name() + "'" + Shape.didYouMean(key, names));
            }
        }
        if (target.writeMode() == WriteMode.MERGE && target.mergeKeys().isEmpty()) {
            Shape.problem(problems, at(job, "target", "write_mode"), "target.write_mode", "write_mode merge needs "
                    + "target.merge_keys or primaryKey fields in the contract");
        }
    }

    private static <F> void withFactory(Supplier<Plugins.Loaded<F>> find, Consumer<F> check) {
        Plugins.Loaded<F> loaded;
        try {
            loaded = find.get();
        } catch (DativoException e) {
            return;
        }
        try (loaded) {
            check.accept(loaded.instance());
        } catch (IOException e) {
            // the plugin's class loader could not be closed; nothing of it is used after the checks
        }
    }

    private static String who(String role, String type, String className) {
        return className != null ? "the " + role + " " + className : "the " + type + " " + role;
    }

    private static void options(List<OptionSpec> specs, YNode job, String path, String who,
                                List<ConfigProblem> problems, Set<String> secrets) {
        if (specs.isEmpty()) {
            return;
        }
        YNode node = node(job, path.split("\\."));
        Map<String, OptionSpec> byName = specs.stream().collect(Collectors.toMap(OptionSpec::name, s -> s,
                (a, b) -> a, LinkedHashMap::new));
        YMap options = node instanceof YMap m ? m : null;
        if (options != null) {
            options.entries().forEach((name, value) -> {
                OptionSpec spec = byName.get(name);
                if (spec == null) {
                    YNode.Loc loc = options.keyLocs().getOrDefault(name, options.loc());
                    String message = "unknown option '" + name + "' for " + who
                            + Shape.didYouMean(name, byName.keySet());
                    if (fromRecipe(loc, job)) {
                        LOG.warn("{} {}: {}; a recipe's engine options serve all its roles, so it is ignored", loc,
                                path + "." + name, message);
                    } else {
                        Shape.problem(problems, loc, path + "." + name, message);
                    }
                    return;
                }
                String expected = mismatch(spec, value);
                if (expected != null) {
                    Shape.problem(problems, value.loc(), path + "." + name, "expected " + expected + ", found "
                            + (spec.secret() ? "a value that is not shown because it is secret"
                            : Shape.found(value, path + "." + name)));
                }
                if (spec.secret() && value instanceof YScalar s && s.value() != null) {
                    secrets.add(s.text());
                }
            });
        }
        for (OptionSpec spec : specs) {
            if (spec.required() && (options == null || options.get(spec.name()) == null)) {
                Shape.problem(problems, options != null ? options.loc() : at(job, path.split("\\.")),
                        path + "." + spec.name(), who + " needs option '" + spec.name() + "' ("
                        + spec.description() + ")");
            }
        }
    }

    /**
     * Whether a value at {@code loc} came from a connector recipe rather than the job file: a recipe's default engine
     * options are shared by the roles it serves (a CSV recipe's delimiter means nothing to the file target).
     */
    private static boolean fromRecipe(YNode.Loc loc, YNode job) {
        return loc != null && job.loc() != null && loc.file() != null && !loc.file().equals(job.loc().file());
    }

    /** What {@code spec} expects when {@code value} does not fit it, or {@code null} when it fits. */
    private static String mismatch(OptionSpec spec, YNode value) {
        if (value instanceof YScalar s && s.value() == null) {
            return null;
        }
        String text = value instanceof YScalar s ? s.text().trim().toLowerCase(Locale.ROOT) : null;
        boolean choice = text != null && spec.choices().stream().anyMatch(c -> c.equalsIgnoreCase(text));
        String or = spec.choices().isEmpty() ? "" : ", or " + String.join(", ", spec.choices());
        return switch (spec.type()) {
            case INTEGER -> text != null && (text.matches("[-+]?\\d{1,18}") || choice) ? null : "an integer" + or;
            case BOOLEAN -> text != null && (TRUE.contains(text) || FALSE.contains(text) || choice) ? null
                    : "true or false" + or;
            case STRING -> text == null ? "text" : spec.choices().isEmpty() || choice ? null
                    : "one of " + String.join(", ", spec.choices());
            case LIST -> value instanceof YMap ? "a list or a single value" : null;
            case MAP -> value instanceof YMap ? null : "a mapping";
            case ANY -> null;
        };
    }

    /** The node at {@code keys} under {@code root}, or {@code null}. */
    static YNode node(YNode root, String... keys) {
        YNode n = root;
        for (String k : keys) {
            if (!(n instanceof YMap m) || m.get(k) == null) {
                return null;
            }
            n = m.get(k);
        }
        return n;
    }

    /** Where the value at {@code keys} was written, or the nearest enclosing mapping when it was not. */
    static Loc at(YNode root, String... keys) {
        YNode n = root;
        for (String k : keys) {
            if (!(n instanceof YMap m) || m.get(k) == null) {
                return n.loc();
            }
            n = m.get(k);
        }
        return n instanceof YList l && !l.items().isEmpty() ? l.items().get(0).loc() : n.loc();
    }
}
