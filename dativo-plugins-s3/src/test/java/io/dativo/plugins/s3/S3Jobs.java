package io.dativo.plugins.s3;

import io.dativo.api.AssetDefinition;
import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import io.dativo.api.FileSpec;
import io.dativo.api.SourceConfig;
import io.dativo.api.TargetConfig;
import io.dativo.core.Pipeline;
import io.dativo.testkit.DuckDb;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/** The orders data set the S3 tests write and read, and pipelines over it. */
final class S3Jobs {

    static final AssetDefinition ORDERS = AssetDefinition.builder("orders").version("2").domain("sales")
            .dataProduct("shop").owner("data-team@example.com").classification(List.of("internal", "pii"))
            .retentionDays(30).schema(List.of(FieldSpec.of("id", DataType.LONG, true),
                    FieldSpec.of("city", DataType.STRING, false), FieldSpec.of("amount", DataType.LONG, false)))
            .build();

    private S3Jobs() {
    }

    /** Writes {@code rows} orders as CSV: id 1..rows, amount id * 3, a city name long enough to make bytes. */
    static Path ordersCsv(Path file, int rows) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("id,city,amount\n");
            for (int i = 1; i <= rows; i++) {
                w.write(i + ",city-" + (i % 97) + "-of-the-orders-data-set-" + Integer.toHexString(i * 31) + ","
                        + (i * 3L) + "\n");
            }
        }
        return file;
    }

    /** The sum of the amounts {@link #ordersCsv} writes. */
    static long amountOf(int rows) {
        return 3L * rows * (rows + 1) / 2;
    }

    static SourceConfig csvSource(Path csv) {
        return SourceConfig.ofFiles("csv", List.of(new FileSpec(csv.toString(), "orders", null)), Map.of());
    }

    static TargetConfig s3Target(Map<String, Object> connection, String format) {
        return TargetConfig.builder("s3").connection(connection).fileFormat(format).build();
    }

    static Pipeline.Builder pipeline(SourceConfig source, TargetConfig target, BufferAllocator allocator) {
        return Pipeline.builder().name("orders-job").tenant("acme").asset(ORDERS).source(source).target(target)
                .allocator(allocator);
    }

    /** Downloads the Parquet objects under {@code prefix} and returns DuckDB's count and sum of amount. */
    static List<Object> countAndSum(S3Server server, String bucket, String prefix, Path dir) throws IOException,
            SQLException {
        List<String> files = new ArrayList<>();
        for (String key : server.dataKeys(bucket, prefix)) {
            Path local = dir.resolve(key.replace('/', '_'));
            Files.write(local, server.bytes(bucket, key));
            files.add("'" + local + "'");
        }
        if (files.isEmpty()) {
            return List.of(0L, 0L);
        }
        return DuckDb.query("SELECT count(*), coalesce(sum(amount), 0)::BIGINT, count(DISTINCT id) FROM read_parquet(["
                + String.join(",", files) + "])").get(0);
    }
}
