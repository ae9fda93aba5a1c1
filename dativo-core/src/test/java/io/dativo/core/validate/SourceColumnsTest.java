package io.dativo.core.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.AssetDefinition;
import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import io.dativo.api.SourceBatch;
import io.dativo.api.ValidationMode;
import io.dativo.testkit.LeakCheckedAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The validator matches source columns to the contract's fields once per schema: batches whose columns change (as
 * JSON Lines batches may) are matched again, by exact name first and then ignoring case, and the columns no field
 * reads are counted as dropped for the batches that had them.
 */
class SourceColumnsTest {

    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

    private VectorSchemaRoot batch(Map<String, String> columns) {
        List<FieldVector> vectors = new ArrayList<>();
        columns.forEach((name, value) -> {
            VarCharVector v = new VarCharVector(name, allocator);
            v.allocateNew();
            v.setSafe(0, value.getBytes(StandardCharsets.UTF_8));
            v.setValueCount(1);
            vectors.add(v);
        });
        VectorSchemaRoot root = new VectorSchemaRoot(vectors);
        root.setRowCount(1);
        return root;
    }

    @Test
    void columnsAreMatchedAgainWhenTheSchemaChanges() {
        AssetDefinition asset = AssetDefinition.of("t", List.of(FieldSpec.of("id", DataType.LONG, true),
                FieldSpec.of("name", DataType.STRING, false)));
        Validator validator = new Validator(asset, ValidationMode.WARN, allocator);
        List<Map<String, String>> batches = List.of(Map.of("ID", "1", "extra", "x"), Map.of("ID", "2", "extra", "y"),
                Map.of("id", "3", "Id", "30", "name", "c"), Map.of("name", "d", "other", "z"));
        List<Object> ids = new ArrayList<>();
        for (Map<String, String> columns : batches) {
            try (VectorSchemaRoot in = batch(columns);
                 VectorSchemaRoot out = validator.validate(SourceBatch.of(in, "t", "b")).valid()) {
                BigIntVector id = (BigIntVector) out.getVector("id");
                ids.add(id.isNull(0) ? null : id.get(0));
            }
        }
        assertThat(ids).containsExactly(1L, 2L, 3L, null);
        assertThat(validator.summary().droppedColumns())
                .containsExactlyInAnyOrderEntriesOf(Map.of("extra", 2L, "Id", 1L, "other", 1L));
        assertThat(validator.summary().errorsByField()).containsExactlyEntriesOf(Map.of("id", 1L));
    }
}
