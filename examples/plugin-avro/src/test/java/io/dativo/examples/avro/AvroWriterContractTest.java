package io.dativo.examples.avro;

import io.dativo.api.AssetDefinition;
import io.dativo.api.BaseWriter;
import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import io.dativo.api.TargetConfig;
import io.dativo.testkit.WriterContractTest;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.io.TempDir;

/** The Avro writer passes the writer contract of dativo-testkit; visible records are what Avro's reader reads. */
class AvroWriterContractTest extends WriterContractTest {

    /** A contract with a field of every type, required and optional ones. */
    static final AssetDefinition ORDERS = AssetDefinition.of("orders", List.of(
            FieldSpec.of("id", DataType.LONG, true),
            FieldSpec.of("customer", DataType.STRING, true),
            new FieldSpec("amount", DataType.DECIMAL, false, null, null, 12, 2),
            FieldSpec.of("ratio", DataType.DOUBLE, false),
            FieldSpec.of("weight", DataType.FLOAT, false),
            FieldSpec.of("paid", DataType.BOOLEAN, false),
            FieldSpec.of("order_date", DataType.DATE, false),
            FieldSpec.of("created_at", DataType.TIMESTAMP, false),
            FieldSpec.of("slot", DataType.TIME, false),
            FieldSpec.of("payload", DataType.BINARY, false),
            FieldSpec.of("attributes", DataType.JSON, false)));

    @TempDir
    Path dir;

    /** Order {@code i}; every third has its optional fields null. */
    static Map<String, Object> order(long i) {
        Map<String, Object> r = new HashMap<>();
        r.put("id", i);
        r.put("customer", "customer-" + i);
        if (i % 3 != 0) {
            r.put("amount", new BigDecimal(i * 1001).movePointLeft(2));
            r.put("ratio", i / 8.0);
            r.put("weight", i * 0.25f);
            r.put("paid", i % 2 == 0);
            r.put("order_date", LocalDate.of(2024, 1, 1).plusDays(i));
            r.put("created_at", Instant.parse("2024-05-01T10:00:00.123456Z").plusSeconds(i * 3600));
            r.put("slot", LocalTime.of(8, 30).plusMinutes(i));
            r.put("payload", ("bytes-" + i).getBytes(StandardCharsets.UTF_8));
            r.put("attributes", "{\"rank\":" + i + "}");
        }
        return r;
    }

    static List<Map<String, Object>> orders(int n) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (long i = 1; i <= n; i++) {
            out.add(order(i));
        }
        return out;
    }

    @Override
    protected BaseWriter newWriter() {
        return new AvroWriter();
    }

    @Override
    protected AssetDefinition asset() {
        return ORDERS;
    }

    @Override
    protected TargetConfig target() {
        return TargetConfig.builder("avro").connection(Map.of("path", "out")).compression("zstd")
                .baseDir(dir.toString()).build();
    }

    @Override
    protected List<Map<String, Object>> records() {
        return orders(20);
    }

    @Override
    protected long visibleRecords() throws IOException {
        return AvroFiles.read(dir.resolve("out")).size();
    }

    @Override
    protected OptionalLong visibleRejects() throws IOException {
        return OptionalLong.of(AvroFiles.read(dir.resolve("out").resolve(AvroWriter.REJECTS_DIR)).size());
    }

    @Override
    protected List<String> stagedLeftovers() throws IOException {
        return AvroFiles.staged(dir.resolve("out"));
    }

    @Override
    protected Optional<TargetConfig> wrongTarget() throws IOException {
        Files.writeString(dir.resolve("a-file"), "not a directory");
        return Optional.of(TargetConfig.builder("avro").connection(Map.of("path", "a-file/out"))
                .baseDir(dir.toString()).build());
    }
}
