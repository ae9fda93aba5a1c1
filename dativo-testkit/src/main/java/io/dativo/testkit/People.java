package io.dativo.testkit;

import io.dativo.api.AssetDefinition;
import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small data set for contract tests of sources and targets that hold tables: people with a required {@code id}
 * and an optional {@code name}, every fourth name null, so that nulls travel too.
 *
 * @since 0.2
 */
public final class People {

    /** The contract: {@code id} (integer, required) and {@code name} (string, optional). */
    public static final AssetDefinition ASSET = AssetDefinition.of("people", List.of(
            FieldSpec.of("id", DataType.LONG, true), FieldSpec.of("name", DataType.STRING, false)));

    private People() {
    }

    /** People {@code from} to {@code to}, both included: {@code id} i, {@code name} "person i" or null. */
    public static List<Map<String, Object>> records(long from, long to) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", i);
            r.put("name", i % 4 == 0 ? null : "person " + i);
            rows.add(r);
        }
        return rows;
    }

    /** {@code records} as CSV with a header line, a null name as an empty field. */
    public static String csv(List<Map<String, Object>> records) {
        StringBuilder csv = new StringBuilder("id,name\n");
        records.forEach(r -> csv.append(r.get("id")).append(',')
                .append(r.get("name") == null ? "" : r.get("name")).append('\n'));
        return csv.toString();
    }
}
