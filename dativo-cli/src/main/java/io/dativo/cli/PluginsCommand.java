package io.dativo.cli;

import io.dativo.api.OptionSpec;
import io.dativo.api.ReaderFactory;
import io.dativo.api.WriteMode;
import io.dativo.api.WriterFactory;
import io.dativo.core.plugin.PluginCatalog;
import io.dativo.core.plugin.PluginCatalog.Found;
import io.dativo.core.plugin.Plugins;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dativo plugins}: the readers and writers that can be used, from the same catalog a run resolves them in,
 * with what their factories declare, and why a jar or class cannot be loaded.
 */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "Lists the readers and writers found (built in, and in --plugin-dir jars), with where each "
                + "comes from, the options, strategies and write modes it declares, and the reason a jar or class "
                + "could not be loaded.")
final class PluginsCommand implements Callable<Integer> {

    @Option(names = "--plugin-dir", paramLabel = "DIR", defaultValue = "plugins",
            description = "A directory of plugin jars (default: ${DEFAULT-VALUE}; absent is fine).")
    Path pluginDir;

    @Mixin
    Cli cli;

    @Override
    public Integer call() throws Exception {
        cli.apply();
        List<Map<String, Object>> found = new ArrayList<>();
        List<Map<String, Object>> broken = new ArrayList<>();
        collect(PluginCatalog.builtIn(), "built-in", found, broken);
        if (Files.isDirectory(pluginDir)) {
            try (Stream<Path> jars = Files.list(pluginDir)) {
                for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                    try (URLClassLoader loader = new URLClassLoader(new URL[]{jar.toUri().toURL()},
                            Plugins.class.getClassLoader())) {
                        collect(PluginCatalog.scan(loader, loader), jar.toString(), found, broken);
                    } catch (Exception | LinkageError e) {
                        broken.add(Map.of("source", jar.toString(), "reason", String.valueOf(e.getMessage())));
                    }
                }
            }
        }
        StringBuilder text = new StringBuilder();
        for (Map<String, Object> p : found) {
            text.append(String.format("%-7s %-20s %s (%s)%n", p.get("kind"), p.get("types"), p.get("class"),
                    p.get("source")));
        }
        for (Map<String, Object> b : broken) {
            text.append("cannot load ").append(b.get("source")).append(": ").append(b.get("reason")).append('\n');
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("plugins", found);
        out.put("not_loaded", broken);
        cli.print(out, text.toString().stripTrailing());
        return Cli.OK;
    }

    private static void collect(PluginCatalog catalog, String source, List<Map<String, Object>> found,
                                List<Map<String, Object>> broken) {
        for (Found<ReaderFactory> r : catalog.readers()) {
            Map<String, Object> p = entry("reader", r, source);
            p.put("options", options(r.factory().options()));
            if (Plugins.declaresStrategies(r.factory())) {
                p.put("incremental_strategies", new TreeSet<>(r.factory().incrementalStrategies()));
            }
            found.add(p);
        }
        for (Found<WriterFactory> w : catalog.writers()) {
            Map<String, Object> p = entry("writer", w, source);
            p.put("options", options(w.factory().options()));
            p.put("write_modes", w.factory().writeModes().stream().map(WriteMode::id).sorted().toList());
            found.add(p);
        }
        catalog.notLoaded().forEach(reason -> broken.add(Map.of("source", source, "reason", reason)));
    }

    private static Map<String, Object> entry(String kind, Found<?> f, String source) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("kind", kind);
        p.put("types", new TreeSet<>(f.types()));
        p.put("class", f.className());
        p.put("registered_as", f.legacy() ? "class" : "factory");
        p.put("location", f.location());
        p.put("source", source);
        return p;
    }

    private static List<Map<String, Object>> options(List<OptionSpec> specs) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (OptionSpec s : specs) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", s.name());
            o.put("type", s.type().name().toLowerCase(Locale.ROOT));
            if (s.defaultValue() != null) {
                o.put("default", s.defaultValue());
            }
            if (!s.choices().isEmpty()) {
                o.put("choices", s.choices());
            }
            o.put("required", s.required());
            o.put("secret", s.secret());
            o.put("description", s.description());
            out.add(o);
        }
        return out;
    }
}
