package io.dativo.examples.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dativo.api.BaseWriter;
import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import io.dativo.api.RunCommit;
import io.dativo.api.SplitWriter;
import io.dativo.api.TargetConfig;
import io.dativo.api.WriteFragment;
import io.dativo.testkit.Records;
import io.dativo.testkit.TestWriteContext;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Avro files: typed from the contract, read back by Avro's reader value for value, compressed as asked. */
class AvroWriterTest {

    @TempDir
    Path dir;

    @Test
    void itsServiceEntryRegistersItForTheConnectorTypeAvro() {
        assertThat(ServiceLoader.load(BaseWriter.class)).anySatisfy(w -> assertThat(w)
                .isInstanceOf(AvroWriter.class).satisfies(a -> assertThat(a.connectorTypes())
                        .containsExactly("avro")));
    }

    @Test
    void typesAreMappedFromTheContract() {
        Schema schema = AvroSchemas.of(AvroWriterContractTest.ORDERS);
        assertThat(schema.getField("id").schema().getType()).as("integer is an Avro long").isEqualTo(Schema.Type.LONG);
        assertThat(schema.getField("customer").schema().getType()).as("a required field is not a union")
                .isEqualTo(Schema.Type.STRING);
        Schema amount = schema.getField("amount").schema();
        assertThat(amount.getType()).isEqualTo(Schema.Type.UNION);
        assertThat(amount.getTypes().get(0).getType()).as("optional: null first").isEqualTo(Schema.Type.NULL);
        assertThat(schema.getField("amount").defaultVal()).isEqualTo(JsonProperties.NULL_VALUE);
        assertThat(amount.getTypes().get(1).getType()).isEqualTo(Schema.Type.BYTES);
        assertThat(amount.getTypes().get(1).getLogicalType()).isEqualTo(LogicalTypes.decimal(12, 2));
        assertThat(nonNull(schema, "created_at").getLogicalType()).isEqualTo(LogicalTypes.timestampMicros());
        assertThat(nonNull(schema, "order_date").getLogicalType()).isEqualTo(LogicalTypes.date());
        assertThat(nonNull(schema, "slot").getLogicalType()).isEqualTo(LogicalTypes.timeMicros());
        assertThat(nonNull(schema, "weight").getType()).isEqualTo(Schema.Type.FLOAT);
        assertThat(nonNull(schema, "payload").getType()).isEqualTo(Schema.Type.BYTES);
        assertThat(AvroSchemas.name("order-id")).isEqualTo("order_id");
        assertThat(AvroSchemas.name("1st")).isEqualTo("_1st");
    }

    private static Schema nonNull(Schema record, String field) {
        return record.getField(field).schema().getTypes().get(1);
    }

    @Test
    void avrosReaderReadsBackEveryValue() throws Exception {
        List<Map<String, Object>> orders = AvroWriterContractTest.orders(30);
        writeAndCommit(TargetConfig.builder("avro").connection(Map.of("path", "out")).compression("snappy")
                .baseDir(dir.toString()).build(), orders);
        List<GenericRecord> read = AvroFiles.read(dir.resolve("out"));
        assertThat(read).hasSize(30);
        for (int i = 0; i < orders.size(); i++) {
            Map<String, Object> expected = orders.get(i);
            GenericRecord actual = read.get(i);
            for (FieldSpec f : AvroWriterContractTest.ORDERS.schema()) {
                Object value = actual.get(f.name());
                Object javaValue = value instanceof ByteBuffer b ? bytes(b)
                        : value instanceof CharSequence s ? s.toString() : value;
                assertThat(Records.text(javaValue)).as("%s of order %d", f.name(), i + 1)
                        .isEqualTo(Records.text(expected.get(f.name())));
            }
        }
        assertThat(((Instant) read.get(0).get("created_at")).getNano()).as("microseconds kept")
                .isEqualTo(123_456_000);
    }

    @Test
    void filesAreCompressedAsTheTargetSaysAndCarryTheRun() throws Exception {
        writeAndCommit(TargetConfig.builder("avro").connection(Map.of("path", "out")).compression("zstd")
                .baseDir(dir.toString()).build(), AvroWriterContractTest.orders(5));
        Path file = AvroFiles.visible(dir.resolve("out")).get(0);
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
            assertThat(reader.getMetaString("avro.codec")).isEqualTo("zstandard");
            assertThat(reader.getMetaString("dativo.run-id")).isEqualTo("test-run");
            assertThat(reader.getSchema()).isEqualTo(AvroSchemas.of(AvroWriterContractTest.ORDERS));
        }
        assertThat(new AvroWriter().checkConnection(TargetConfig.builder("avro").connection(Map.of("path", "out"))
                .compression("lz4").baseDir(dir.toString()).build()).message()).contains("not 'lz4'");
    }

    @Test
    void aNullInARequiredFieldIsRefusedWithTheFieldsName() {
        List<Map<String, Object>> orders = new ArrayList<>(AvroWriterContractTest.orders(2));
        orders.get(1).remove("customer");
        assertThatThrownBy(() -> writeAndCommit(TargetConfig.builder("avro").connection(Map.of("path", "out"))
                .baseDir(dir.toString()).build(), orders)).hasMessageContaining("field 'customer' is required")
                .hasMessageContaining("row 2");
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private void writeAndCommit(TargetConfig target, List<Map<String, Object>> records) throws Exception {
        try (RootAllocator allocator = new RootAllocator(); BaseWriter writer = new AvroWriter()) {
            TestWriteContext context = TestWriteContext.builder(allocator, AvroWriterContractTest.ORDERS, target)
                    .build();
            writer.open(context);
            List<WriteFragment> fragments;
            try (SplitWriter split = writer.newSplitWriter("s1", 1);
                 VectorSchemaRoot batch = Records.batch(allocator, AvroWriterContractTest.ORDERS, records)) {
                split.write(batch);
                fragments = split.finish();
            }
            writer.committer().commit(fragments, new RunCommit(context.tenantId(), "avro-test", context.runId(),
                    Instant.now(), Map.of()));
        }
    }
}
