package io.dativo.core.config;

import io.dativo.api.FileSpec;
import io.dativo.api.IncrementalSpec;
import io.dativo.api.TableSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Reads values out of the plain maps and lists a checked {@link Shape} gives, with the loader's defaults. */
final class ConfigValues {

    private ConfigValues() {
    }

    static Map<String, Object> catalog(Object c) {
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

    static List<TableSpec> tables(Object o) {
        return each(o, m -> new TableSpec(str(m, "name"), str(m, "object"), str(m, "cursor_field"),
                str(m, "partition_column"), m.get("partitions") == null ? null : intOr(m.get("partitions"), 1)));
    }

    static List<FileSpec> files(Object o) {
        return each(o, m -> new FileSpec(str(m, "path"), str(m, "object"), str(m, "id")));
    }

    private static <T> List<T> each(Object o, Function<Map<String, Object>, T> make) {
        List<T> out = new ArrayList<>();
        if (o instanceof List<?> l) {
            l.forEach(item -> out.add(make.apply(map(item))));
        }
        return out;
    }

    static IncrementalSpec incremental(Object o) {
        Map<String, Object> m = map(o);
        if (m.isEmpty()) {
            return null;
        }
        return new IncrementalSpec(Optional.ofNullable(str(m, "strategy")).orElse("full_refresh"),
                str(m, "cursor_field"), intOr(m.get("lookback_days"), 0), str(m, "state_path"));
    }
}
