package io.dativo.cli;

import io.dativo.api.BaseReader;
import io.dativo.api.BaseWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dativo plugins}: the readers and writers that can be used, and why a jar or class cannot. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "Lists the readers and writers found (built in, and in --plugin-dir jars), with where each "
                + "comes from, and the reason a jar or class could not be loaded.")
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
        ClassLoader builtIn = PluginsCommand.class.getClassLoader();
        collect(builtIn, "built-in", found, broken, null);
        if (Files.isDirectory(pluginDir)) {
            try (Stream<Path> jars = Files.list(pluginDir)) {
                for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                    try (URLClassLoader loader = new URLClassLoader(new URL[]{jar.toUri().toURL()}, builtIn);
                         JarFile ignored = new JarFile(jar.toFile())) {
                        collect(loader, jar.toString(), found, broken, jar);
                    } catch (Exception e) {
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

    private static void collect(ClassLoader loader, String source, List<Map<String, Object>> found,
                                List<Map<String, Object>> broken, Path onlyJar) {
        for (Class<?> kind : List.of(BaseReader.class, BaseWriter.class)) {
            List<ServiceLoader.Provider<?>> providers = new ArrayList<>();
            var it = ServiceLoader.load(kind, loader).stream().iterator();
            while (true) {
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    providers.add(it.next());
                } catch (java.util.ServiceConfigurationError e) {
                    broken.add(Map.of("source", source, "reason", String.valueOf(e.getMessage())));
                }
            }
            for (var provider : providers) {
                String where;
                try {
                    var location = provider.type().getProtectionDomain().getCodeSource();
                    where = location == null ? source : location.getLocation().toString();
                } catch (Throwable e) {
                    where = source;
                }
                if (onlyJar != null && !where.contains(onlyJar.getFileName().toString())) {
                    continue;
                }
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("kind", kind == BaseReader.class ? "reader" : "writer");
                p.put("location", where);
                p.put("class", provider.type().getName());
                p.put("source", onlyJar != null ? onlyJar.toString() : "built-in");
                try {
                    Object instance = provider.get();
                    p.put("types", kind == BaseReader.class ? ((BaseReader) instance).connectorTypes()
                            : ((BaseWriter) instance).connectorTypes());
                    found.add(p);
                } catch (Throwable e) {
                    broken.add(Map.of("source", p.get("source") + " " + provider.type().getName(),
                            "reason", String.valueOf(e.getCause() != null ? e.getCause() : e)));
                }
            }
        }
    }
}
