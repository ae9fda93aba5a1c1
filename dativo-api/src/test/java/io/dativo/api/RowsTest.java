package io.dativo.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

class RowsTest {

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void eachColumnGetsTheArrowTypeOfItsValues() {
        Instant at = Instant.parse("2024-01-15T10:30:00.123456Z");
        List<Map<String, Object>> rows = Arrays.asList(
                row("n", 1, "d", 0.5, "b", true, "day", LocalDate.of(2024, 1, 15), "at", at,
                        "t", LocalTime.of(8, 0), "bytes", new byte[]{1, 2}, "dec", new BigDecimal("1.50"),
                        "mixed", 1L),
                row("n", 2L, "d", null, "b", false, "mixed", "two"));
        try (RootAllocator allocator = new RootAllocator();
             VectorSchemaRoot root = Rows.toArrow(rows, allocator)) {
            assertThat(root.getRowCount()).isEqualTo(2);
            assertThat(((BigIntVector) root.getVector("n")).get(1)).isEqualTo(2L);
            assertThat(((Float8Vector) root.getVector("d")).isNull(1)).isTrue();
            assertThat(((BitVector) root.getVector("b")).get(0)).isEqualTo(1);
            assertThat(((DateDayVector) root.getVector("day")).get(0)).isEqualTo(19737);
            assertThat(((TimeStampMicroTZVector) root.getVector("at")).get(0)).isEqualTo(1705314600123456L);
            assertThat(((TimeStampMicroTZVector) root.getVector("at")).isNull(1)).isTrue();
            assertThat(((TimeMicroVector) root.getVector("t")).get(0)).isEqualTo(8L * 3600 * 1_000_000);
            assertThat(((VarBinaryVector) root.getVector("bytes")).get(0)).containsExactly(1, 2);
            assertThat(root.getVector("dec")).isInstanceOf(VarCharVector.class);
            assertThat(root.getVector("dec").getObject(0).toString()).isEqualTo("1.50");
            assertThat(root.getVector("mixed")).as("mixed kinds become text").isInstanceOf(VarCharVector.class);
            assertThat(root.getVector("mixed").getObject(1).toString()).isEqualTo("two");
        }
    }

    @Test
    void aColumnOfOnlyNullsIsText() {
        Map<String, Object> r = new HashMap<>();
        r.put("x", null);
        try (RootAllocator allocator = new RootAllocator();
             VectorSchemaRoot root = Rows.toArrow(List.of(r), allocator)) {
            assertThat(root.getVector("x")).isInstanceOf(VarCharVector.class);
            assertThat(root.getVector("x").isNull(0)).isTrue();
        }
    }

    @Test
    void secretsAreMaskedAtAnyDepth() {
        Map<String, Object> masked = Secrets.mask(Map.of("host", "db", "password", "p",
                "s3", Map.of("secret_access_key", "k", "region", "eu"), "api-token", List.of("a")));
        assertThat(masked).containsEntry("host", "db").containsEntry("password", Secrets.MASK)
                .containsEntry("s3", Map.of("secret_access_key", Secrets.MASK, "region", "eu"))
                .containsEntry("api-token", List.of(Secrets.MASK));
        SourceConfig source = new SourceConfig("x", null, Map.of("password", "hunter2"), Map.of("user", "bob"),
                List.of(), List.of(), null, List.of(), null, Map.of(), "/");
        assertThat(source.toString()).doesNotContain("hunter2", "bob");
        IncrementalSpec jdbc = new IncrementalSpec("updated_at", "ts", 0,
                "jdbc:postgresql://db:5432/app?user=dativo&password=s3cret&ssl=true");
        assertThat(jdbc.toString()).doesNotContain("s3cret").contains("password=****&ssl=true");
        assertThat(new IncrementalSpec("x", null, 0, "jdbc:mysql://u:pw@db/app").toString()).doesNotContain("pw@");
    }
}
