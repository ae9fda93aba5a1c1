package io.dativo.core.connector.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.dativo.api.ColumnStats;
import io.dativo.api.WriteFragment;
import io.dativo.api.io.PendingFile;
import io.dativo.core.internal.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Write fragments as JSON, as manifests keep them and as a process hands them to another. Column bounds keep their
 * Java type: each is written as {@code [type, text]}, with type {@code long}, {@code double}, {@code string},
 * {@code boolean} or {@code decimal}.
 */
public final class Fragments {

    private Fragments() {
    }

    /** {@code fragments} as a JSON array. */
    public static String toJson(List<WriteFragment> fragments) {
        try {
            return Json.MAPPER.writeValueAsString(toMaps(fragments));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("fragments cannot be written as JSON", e);
        }
    }

    /** The fragments of a JSON array written by {@link #toJson}. */
    public static List<WriteFragment> fromJson(String json) {
        try {
            return fromMaps(Json.MAPPER.readValue(json, new TypeReference<List<Map<String, Object>>>() {
            }));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a list of fragments: " + e.getOriginalMessage(), e);
        }
    }

    static List<Map<String, Object>> toMaps(List<WriteFragment> fragments) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (WriteFragment f : fragments) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", f.kind().name());
            m.put("split_id", f.splitId());
            m.put("attempt", f.attempt());
            m.put("location", f.location());
            if (f.pending() != null) {
                m.put("pending", Map.of("location", f.pending().location(), "size", f.pending().size(),
                        "properties", f.pending().properties()));
            }
            m.put("records", f.records());
            m.put("bytes", f.bytes());
            m.put("partition", f.partition());
            Map<String, Object> columns = new LinkedHashMap<>();
            f.columns().forEach((name, s) -> {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("values", s.valueCount());
                c.put("nulls", s.nullCount());
                c.put("size", s.sizeBytes());
                c.put("lower", bound(s.lower()));
                c.put("upper", bound(s.upper()));
                columns.put(name, c);
            });
            m.put("columns", columns);
            m.put("properties", f.properties());
            out.add(m);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<WriteFragment> fromMaps(List<?> maps) {
        List<WriteFragment> out = new ArrayList<>();
        for (Object o : maps) {
            Map<String, Object> m = (Map<String, Object>) o;
            PendingFile pending = null;
            if (m.get("pending") instanceof Map<?, ?> p) {
                pending = new PendingFile(String.valueOf(p.get("location")), ((Number) p.get("size")).longValue(),
                        (Map<String, String>) p.get("properties"));
            }
            Map<String, ColumnStats> columns = new LinkedHashMap<>();
            ((Map<String, Map<String, Object>>) m.getOrDefault("columns", Map.of())).forEach((name, c) ->
                    columns.put(name, new ColumnStats(((Number) c.get("values")).longValue(),
                            ((Number) c.get("nulls")).longValue(), ((Number) c.get("size")).longValue(),
                            bound((List<String>) c.get("lower")), bound((List<String>) c.get("upper")))));
            out.add(new WriteFragment(WriteFragment.Kind.valueOf(String.valueOf(m.get("kind"))),
                    String.valueOf(m.get("split_id")), ((Number) m.get("attempt")).intValue(),
                    String.valueOf(m.get("location")), pending, ((Number) m.get("records")).longValue(),
                    ((Number) m.get("bytes")).longValue(), (Map<String, String>) m.get("partition"), columns,
                    (Map<String, String>) m.get("properties")));
        }
        return out;
    }

    private static List<String> bound(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal d) {
            return List.of("decimal", d.toPlainString());
        }
        String type = value instanceof Long ? "long" : value instanceof Double ? "double"
                : value instanceof Boolean ? "boolean" : "string";
        return List.of(type, value.toString());
    }

    private static Object bound(List<String> typed) {
        if (typed == null) {
            return null;
        }
        String text = typed.get(1);
        return switch (typed.get(0)) {
            case "long" -> Long.parseLong(text);
            case "double" -> Double.parseDouble(text);
            case "boolean" -> Boolean.parseBoolean(text);
            case "decimal" -> new BigDecimal(text);
            default -> text;
        };
    }
}
