package io.dativo.cli;

import io.dativo.core.config.JobSpec;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * What {@code --mode cloud} refuses: plugin jars outside the allow-listed plugin directory, and connectors that
 * their recipe or the connector registry marks {@code allowed_in_cloud: false}.
 */
final class CloudPolicy {

    private final Path pluginDir;
    private final Path registry;
    private final Path baseDir;

    CloudPolicy(Path pluginDir, Path registry, Path baseDir) {
        this.pluginDir = baseDir.resolve(pluginDir).toAbsolutePath().normalize();
        this.registry = registry;
        this.baseDir = baseDir;
    }

    /** Throws, with a one-line reason, if the job may not run in cloud mode. */
    void check(Path jobFile, JobSpec spec) throws IOException {
        jar(spec.source().customReader(), "source.custom_reader");
        jar(spec.target().customWriter(), "target.custom_writer");
        Map<String, Object> job = yaml(jobFile);
        connector(spec.source().type(), job.get("source_connector_path"));
        connector(spec.target().type(), job.get("target_connector_path"));
    }

    private void jar(String plugin, String key) {
        if (plugin == null) {
            return;
        }
        int colon = plugin.lastIndexOf(':');
        if (colon > 0 && plugin.substring(0, colon).endsWith(".jar")) {
            Path jar = baseDir.resolve(plugin.substring(0, colon)).toAbsolutePath().normalize();
            if (!jar.startsWith(pluginDir)) {
                throw new IllegalArgumentException("refused in cloud mode: " + key + " names plugin jar " + jar
                        + ", outside the allow-listed plugin directory " + pluginDir);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void connector(String type, Object recipePath) throws IOException {
        if (type == null) {
            return;
        }
        if (recipePath != null) {
            Map<String, Object> recipe = yaml(baseDir.resolve(recipePath.toString()));
            if (Boolean.FALSE.equals(recipe.get("allowed_in_cloud"))) {
                throw new IllegalArgumentException("refused in cloud mode: connector '" + type + "' is kept out of "
                        + "cloud by its recipe " + recipePath + " (allowed_in_cloud: false)");
            }
        }
        if (registry != null) {
            Object connectors = yaml(registry).get("connectors");
            Object entry = connectors instanceof Map<?, ?> m ? m.get(type) : null;
            if (entry instanceof Map<?, ?> e && Boolean.FALSE.equals(((Map<String, Object>) e).get("allowed_in_cloud"))) {
                throw new IllegalArgumentException("refused in cloud mode: connector '" + type + "' is not allowed "
                        + "in cloud by the registry " + registry);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file)) {
            Object doc = new Load(LoadSettings.builder().build()).loadFromReader(r);
            return doc instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        }
    }
}
