package io.dativo.cli;

import io.dativo.core.config.JobSpec;
import io.dativo.core.config.YamlDocuments;
import io.dativo.core.plugin.Plugins;
import java.nio.file.Path;
import java.util.Map;

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
    void check(Path jobFile, JobSpec spec) {
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
        Plugins.jarOf(plugin).map(j -> baseDir.resolve(j).toAbsolutePath().normalize()).ifPresent(jar -> {
            if (!jar.startsWith(pluginDir)) {
                throw new IllegalArgumentException("refused in cloud mode: " + key + " names plugin jar " + jar
                        + ", outside the allow-listed plugin directory " + pluginDir);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private void connector(String type, Object recipePath) {
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

    private static Map<String, Object> yaml(Path file) {
        return YamlDocuments.readMap(file);
    }
}
