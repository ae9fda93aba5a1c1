package io.dativo.core;

import io.dativo.api.AssetDefinition;
import io.dativo.api.FieldSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/** Writes Arrow batches to a Parquet file with parquet-java, value by value from the vectors. */
final class ParquetFormat implements FormatWriter {

    private final ParquetWriter<Integer> writer;
    private final ArrowWriteSupport support;

    ParquetFormat(Path file, AssetDefinition asset, String compression, long rowGroupBytes,
                  Map<String, String> keyValueMetadata) throws IOException {
        support = new ArrowWriteSupport(schema(asset), keyValueMetadata);
        writer = new Builder(new LocalOutputFile(file), support)
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(new Codecs())
                .withCompressionCodec(Codecs.codec(compression))
                .withRowGroupSize(rowGroupBytes)
                .withWriteMode(ParquetFileWriter.Mode.CREATE)
                .build();
    }

    /** The Parquet schema of a contract: every column optional, with its logical type. */
    static MessageType schema(AssetDefinition asset) {
        List<Type> fields = new ArrayList<>();
        for (FieldSpec f : asset.schema()) {
            fields.add(switch (f.type()) {
                case STRING -> Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                        .named(f.name());
                case JSON -> Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.jsonType())
                        .named(f.name());
                case LONG -> Types.optional(PrimitiveTypeName.INT64).named(f.name());
                case FLOAT -> Types.optional(PrimitiveTypeName.FLOAT).named(f.name());
                case DOUBLE -> Types.optional(PrimitiveTypeName.DOUBLE).named(f.name());
                case DECIMAL -> f.precision() <= 18
                        ? Types.optional(PrimitiveTypeName.INT64)
                        .as(LogicalTypeAnnotation.decimalType(f.scale(), f.precision())).named(f.name())
                        : Types.optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY).length(16)
                        .as(LogicalTypeAnnotation.decimalType(f.scale(), f.precision())).named(f.name());
                case BOOLEAN -> Types.optional(PrimitiveTypeName.BOOLEAN).named(f.name());
                case DATE -> Types.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType())
                        .named(f.name());
                case TIMESTAMP -> Types.optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(
                        true, LogicalTypeAnnotation.TimeUnit.MICROS)).named(f.name());
                case TIME -> Types.optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timeType(
                        false, LogicalTypeAnnotation.TimeUnit.MICROS)).named(f.name());
                case BINARY -> Types.optional(PrimitiveTypeName.BINARY).named(f.name());
            });
        }
        return new MessageType(asset.name() == null ? "record" : asset.name(), fields);
    }

    @Override
    public void write(VectorSchemaRoot root, int[] rows, int count) throws IOException {
        support.use(root);
        if (rows == null) {
            int n = root.getRowCount();
            for (int r = 0; r < n; r++) {
                writer.write(r);
            }
        } else {
            for (int i = 0; i < count; i++) {
                writer.write(rows[i]);
            }
        }
    }

    @Override
    public long bytes() {
        return writer.getDataSize();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    /** Writes one value of one column. */
    @FunctionalInterface
    private interface Emitter {
        void emit(RecordConsumer rc, int row);
    }

    private static final class ArrowWriteSupport extends WriteSupport<Integer> {
        private final MessageType schema;
        private final Map<String, String> metadata;
        private RecordConsumer consumer;
        private FieldVector[] vectors = new FieldVector[0];
        private Emitter[] emitters = new Emitter[0];
        private String[] names = new String[0];
        private VectorSchemaRoot current;

        ArrowWriteSupport(MessageType schema, Map<String, String> metadata) {
            this.schema = schema;
            this.metadata = metadata;
        }

        void use(VectorSchemaRoot root) {
            if (root == current) {
                return;
            }
            current = root;
            List<FieldVector> vs = root.getFieldVectors();
            vectors = vs.toArray(new FieldVector[0]);
            emitters = new Emitter[vectors.length];
            names = new String[vectors.length];
            for (int i = 0; i < vectors.length; i++) {
                emitters[i] = emitter(vectors[i]);
                names[i] = vectors[i].getName();
            }
        }

        private static Emitter emitter(FieldVector v) {
            if (v instanceof BigIntVector x) {
                return (rc, r) -> rc.addLong(x.get(r));
            }
            if (v instanceof Float8Vector x) {
                return (rc, r) -> rc.addDouble(x.get(r));
            }
            if (v instanceof Float4Vector x) {
                return (rc, r) -> rc.addFloat(x.get(r));
            }
            if (v instanceof BitVector x) {
                return (rc, r) -> rc.addBoolean(x.get(r) == 1);
            }
            if (v instanceof DateDayVector x) {
                return (rc, r) -> rc.addInteger(x.get(r));
            }
            if (v instanceof TimeStampMicroTZVector x) {
                return (rc, r) -> rc.addLong(x.get(r));
            }
            if (v instanceof TimeMicroVector x) {
                return (rc, r) -> rc.addLong(x.get(r));
            }
            if (v instanceof DecimalVector x) {
                if (x.getPrecision() <= 18) {
                    return (rc, r) -> rc.addLong(x.getDataBuffer().getLong((long) r * DecimalVector.TYPE_WIDTH));
                }
                return (rc, r) -> {
                    byte[] le = new byte[16];
                    x.getDataBuffer().getBytes((long) r * DecimalVector.TYPE_WIDTH, le);
                    byte[] be = new byte[16];
                    for (int i = 0; i < 16; i++) {
                        be[i] = le[15 - i];
                    }
                    rc.addBinary(Binary.fromConstantByteArray(be));
                };
            }
            if (v instanceof VarCharVector x) {
                return (rc, r) -> rc.addBinary(Binary.fromConstantByteArray(x.get(r)));
            }
            if (v instanceof VarBinaryVector x) {
                return (rc, r) -> rc.addBinary(Binary.fromConstantByteArray(x.get(r)));
            }
            throw new IllegalArgumentException("no Parquet mapping for Arrow vector " + v.getField());
        }

        @Override
        public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
            return new WriteContext(schema, metadata);
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(schema, metadata);
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            consumer = recordConsumer;
        }

        @Override
        public void write(Integer boxedRow) {
            int row = boxedRow;
            RecordConsumer rc = consumer;
            rc.startMessage();
            for (int i = 0; i < vectors.length; i++) {
                if (!vectors[i].isNull(row)) {
                    rc.startField(names[i], i);
                    emitters[i].emit(rc, row);
                    rc.endField(names[i], i);
                }
            }
            rc.endMessage();
        }
    }

    private static final class Builder extends ParquetWriter.Builder<Integer, Builder> {
        private final ArrowWriteSupport support;

        Builder(OutputFile file, ArrowWriteSupport support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Integer> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return support;
        }

        @Override
        protected WriteSupport<Integer> getWriteSupport(ParquetConfiguration conf) {
            return support;
        }
    }
}
