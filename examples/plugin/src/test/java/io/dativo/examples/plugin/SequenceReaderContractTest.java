package io.dativo.examples.plugin;

import io.dativo.api.AssetDefinition;
import io.dativo.api.BaseReader;
import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import io.dativo.api.SourceConfig;
import io.dativo.testkit.ReaderContractTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The example reader passes the reader contract of dativo-testkit. */
class SequenceReaderContractTest extends ReaderContractTest {

    static SourceConfig sequence(long count) {
        return SourceConfig.builder("sequence").objects(List.of("squares"))
                .connection(Map.of("start", 3, "step", 2, "count", count)).build();
    }

    @Override
    protected BaseReader newReader() {
        return new SequenceReader();
    }

    @Override
    protected AssetDefinition asset() {
        return AssetDefinition.of("squares", List.of(FieldSpec.of("n", DataType.LONG, true),
                FieldSpec.of("square", DataType.LONG, true), FieldSpec.of("label", DataType.STRING, false)));
    }

    @Override
    protected SourceConfig source() {
        return sequence(25);
    }

    @Override
    protected List<Map<String, Object>> expectedRecords() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (long n = 3; n < 3 + 2 * 25; n += 2) {
            rows.add(Map.of("n", n, "square", n * n, "label", "odd"));
        }
        return rows;
    }

    @Override
    protected Optional<SourceConfig> emptySource() {
        return Optional.of(sequence(0));
    }

    @Override
    protected Optional<SourceConfig> wrongSource() {
        return Optional.of(sequence(-1));
    }

    @Override
    protected SourceConfig longSource() {
        return sequence(100_000_000);
    }
}
