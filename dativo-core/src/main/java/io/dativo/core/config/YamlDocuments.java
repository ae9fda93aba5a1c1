package io.dativo.core.config;

import io.dativo.api.ConfigException;
import io.dativo.api.ConfigProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a YAML file the way the loader does (YAML 1.2 core schema, duplicate keys allowed, the last one winning)
 * into plain maps, lists and scalars, for tools that read a file beside a job, such as a connector registry.
 */
public final class YamlDocuments {

    private YamlDocuments() {
    }

    /**
     * The mapping in {@code file}; empty when the file holds another kind of document.
     *
     * @throws ConfigException when the file cannot be read or is not YAML, with the place of the problem
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readMap(Path file) {
        List<ConfigProblem> problems = new ArrayList<>();
        Optional<YNode> tree = Yaml.read(file, file.toString(), problems);
        if (tree.isEmpty()) {
            throw new ConfigException(problems);
        }
        return Shape.plain(tree.get()) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
