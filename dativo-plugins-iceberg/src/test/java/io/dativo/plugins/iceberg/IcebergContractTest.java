package io.dativo.plugins.iceberg;

import io.dativo.api.AssetDefinition;
import io.dativo.api.BaseWriter;
import io.dativo.api.TargetConfig;
import io.dativo.testkit.WriterContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.io.TempDir;

/**
 * The iceberg target passes the writer contract on the embedded default catalog: visible records are what Iceberg's
 * own scan of the table reads, leftovers are staged files still pending under the table's data location.
 */
class IcebergContractTest extends WriterContractTest {

    @TempDir
    Path dir;

    @Override
    protected BaseWriter newWriter() {
        return new IcebergTargetFactory().create();
    }

    @Override
    protected AssetDefinition asset() {
        return IcebergJobs.ORDERS;
    }

    @Override
    protected TargetConfig target() {
        return TargetConfig.builder("iceberg").baseDir(dir.toString()).build();
    }

    @Override
    protected List<Map<String, Object>> records() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (long i = 1; i <= 10; i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", i);
            r.put("city", "city-" + i);
            r.put("amount", i * 3);
            out.add(r);
        }
        return out;
    }

    @Override
    protected long visibleRecords() throws Exception {
        if (!Files.exists(dir.resolve(Catalogs.DEFAULT_DB))) {
            return 0;
        }
        try (JdbcCatalog c = IcebergJobs.jdbc("jdbc:sqlite:" + dir.resolve(Catalogs.DEFAULT_DB),
                dir.resolve(".dativo/warehouse").toString(), Map.of())) {
            TableIdentifier id = TableIdentifier.of("sales", "shop", "orders");
            return c.tableExists(id) ? IcebergJobs.rows(c.loadTable(id)).size() : 0;
        }
    }

    @Override
    protected List<String> stagedLeftovers() throws Exception {
        Path wh = dir.resolve(".dativo/warehouse");
        if (!Files.exists(wh)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(wh)) {
            return files.map(Path::toString).filter(f -> f.endsWith(".dativo-pending")).toList();
        }
    }

    @Override
    protected Optional<TargetConfig> wrongTarget() {
        return Optional.of(TargetConfig.builder("iceberg").catalog(Map.of("type", "rest",
                "uri", "http://127.0.0.1:9")).baseDir(dir.toString()).build());
    }
}
