package io.dativo.examples.avro;

import io.dativo.api.AssetDefinition;
import io.dativo.api.FieldSpec;
import io.dativo.api.RejectedRecord;
import io.dativo.api.SplitWriter;
import io.dativo.api.WriteFragment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Writes one split attempt's records to a hidden Avro container file beside where it becomes visible, and its
 * rejected records to another under {@code _rejects}; {@link #finish()} returns each as a fragment naming both
 * places, {@link #abort()} deletes them.
 */
final class AvroSplitWriter implements SplitWriter {

    /** The data model of the files: logical types written from Java's decimal and time values. */
    static final GenericData MODEL = new GenericData();

    static {
        MODEL.addLogicalTypeConversion(new Conversions.DecimalConversion());
        MODEL.addLogicalTypeConversion(new TimeConversions.DateConversion());
        MODEL.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        MODEL.addLogicalTypeConversion(new TimeConversions.TimeMicrosConversion());
    }

    /** Where a file is staged and where it becomes visible. */
    private record Place(Path staged, Path visible) {
        static Place in(Path dir, String name) {
            return new Place(dir.resolve("." + name + ".pending"), dir.resolve(name));
        }
    }

    private final AssetDefinition asset;
    private final Schema schema;
    private final CodecFactory codec;
    private final String splitId;
    private final int attempt;
    private final Map<String, String> metadata;
    private final Place data;
    private final Place rejected;
    private DataFileWriter<GenericRecord> dataOut;
    private DataFileWriter<GenericRecord> rejectsOut;
    private long records;
    private long rejects;

    AvroSplitWriter(Path dir, AssetDefinition asset, Schema schema, CodecFactory codec, String runId,
                    String splitId, int attempt) {
        this.asset = asset;
        this.schema = schema;
        this.codec = codec;
        this.splitId = splitId;
        this.attempt = attempt;
        this.metadata = Map.of("dativo.run-id", runId, "dativo.split-id", splitId);
        String name = (runId + "-" + splitId + "-a" + attempt).replaceAll("[^A-Za-z0-9._-]", "_") + ".avro";
        this.data = Place.in(dir, "part-" + name);
        this.rejected = Place.in(dir.resolve(AvroWriter.REJECTS_DIR), "rejects-" + name);
    }

    private DataFileWriter<GenericRecord> create(Schema fileSchema, Path staged) throws IOException {
        Files.createDirectories(staged.getParent());
        DataFileWriter<GenericRecord> out = new DataFileWriter<>(new GenericDatumWriter<>(fileSchema, MODEL));
        out.setCodec(codec);
        metadata.forEach(out::setMeta);
        return out.create(fileSchema, staged.toFile());
    }

    // tag::write[]
    @Override
    public void write(VectorSchemaRoot batch) throws IOException {
        if (dataOut == null) {
            dataOut = create(schema, data.staged());
        }
        List<FieldSpec> fields = asset.schema();
        for (int row = 0; row < batch.getRowCount(); row++) {
            GenericData.Record record = new GenericData.Record(schema);
            for (int i = 0; i < fields.size(); i++) {
                FieldVector vector = batch.getVector(fields.get(i).name());
                Object value = vector == null ? null : value(vector, row);
                if (value == null && fields.get(i).required()) {
                    throw new IOException("field '" + fields.get(i).name() + "' is required, so not nullable in "
                            + "the Avro schema, but row " + (records + row + 1) + " of split " + splitId
                            + " has no value");
                }
                record.put(i, value);
            }
            dataOut.append(record);
        }
        records += batch.getRowCount();
    }

    /** The value at {@code row} as the Avro model writes it: text, numbers, and Java time and decimal values. */
    static Object value(FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        if (vector instanceof VarCharVector v) {
            return new Utf8(v.get(row));
        }
        if (vector instanceof VarBinaryVector v) {
            return ByteBuffer.wrap(v.get(row));
        }
        if (vector instanceof DateDayVector v) {
            return LocalDate.ofEpochDay(v.get(row));
        }
        if (vector instanceof TimeStampVector v) {
            long micros = v.get(row);
            return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
        }
        if (vector instanceof TimeMicroVector v) {
            return LocalTime.ofNanoOfDay(v.get(row) * 1000);
        }
        // Long, Float, Double, Boolean and BigDecimal are the Avro model's own values.
        return vector.getObject(row);
    }
    // end::write[]

    @Override
    public void writeRejects(List<RejectedRecord> list) throws IOException {
        if (rejectsOut == null) {
            rejectsOut = create(AvroSchemas.rejects(), rejected.staged());
        }
        for (RejectedRecord r : list) {
            GenericData.Record record = new GenericData.Record(AvroSchemas.rejects());
            Map<String, String> values = new LinkedHashMap<>();
            r.values().forEach((k, v) -> values.put(k, v == null ? null : v.toString()));
            record.put("position", r.position());
            record.put("values", values);
            record.put("errors", r.errors());
            rejectsOut.append(record);
        }
        rejects += list.size();
    }

    // tag::finish[]
    @Override
    public List<WriteFragment> finish() throws IOException {
        close();
        List<WriteFragment> fragments = new ArrayList<>();
        if (records > 0) {
            fragments.add(fragment(WriteFragment.Kind.DATA, data, records));
        }
        if (rejects > 0) {
            fragments.add(fragment(WriteFragment.Kind.REJECTS, rejected, rejects));
        }
        return fragments;
    }

    private WriteFragment fragment(WriteFragment.Kind kind, Place place, long count) throws IOException {
        return new WriteFragment(kind, splitId, attempt, place.visible().toString(), null, count,
                Files.size(place.staged()), Map.of(), Map.of(), Map.of(AvroWriter.STAGED, place.staged().toString()));
    }

    @Override
    public void abort() throws IOException {
        close();
        Files.deleteIfExists(data.staged());
        Files.deleteIfExists(rejected.staged());
    }
    // end::finish[]

    @Override
    public void close() throws IOException {
        try (DataFileWriter<GenericRecord> d = dataOut; DataFileWriter<GenericRecord> r = rejectsOut) {
            dataOut = null;
            rejectsOut = null;
        }
    }
}
