package io.dativo.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.dativo.core.internal.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schemas of jobs, connector recipes and data contracts, rendered from the shapes the loader checks, so
 * that what an editor accepts and what the loader accepts are the same. Published as
 * {@code /io/dativo/schemas/{job,recipe,contract}.schema.json} in dativo-core's jar.
 */
final class Schemas {

    static final List<String> KINDS = List.of("job", "recipe", "contract");

    private Schemas() {
    }

    static String resource(String kind) {
        return "/io/dativo/schemas/" + kind + ".schema.json";
    }

    static String render(String kind) {
        Map<String, Object> body = switch (kind) {
            case "job" -> JobShapes.JOB.jsonSchema();
            case "recipe" -> JobShapes.RECIPE.jsonSchema();
            case "contract" -> Map.of("anyOf", List.of(JobShapes.ASSET_BODY.jsonSchema(),
                    JobShapes.NESTED_ASSET.jsonSchema()));
            default -> throw new IllegalArgumentException("no schema for " + kind);
        };
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$id", "https://dativo.io/schemas/" + kind + ".schema.json");
        schema.put("title", "Dativo " + kind);
        schema.putAll(body);
        try {
            return Json.PRETTY.writeValueAsString(schema) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
