package io.dativo.examples.avro;

import io.dativo.api.AssetDefinition;
import io.dativo.api.FieldSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/**
 * The Avro schema of a data contract. Each field keeps its contract name (made a valid Avro name where it is not:
 * characters outside {@code [A-Za-z0-9_]} become {@code _}); a required field has its plain type, an optional one
 * the union of {@code null} and its type, defaulting to null.
 */
final class AvroSchemas {

    private AvroSchemas() {
    }

    // tag::type-mapping[]
    /** The Avro type of values of {@code field}, before nullability. */
    static Schema type(FieldSpec field) {
        return switch (field.type()) {
            case STRING, JSON -> Schema.create(Schema.Type.STRING);
            case LONG -> Schema.create(Schema.Type.LONG);
            case FLOAT -> Schema.create(Schema.Type.FLOAT);
            case DOUBLE -> Schema.create(Schema.Type.DOUBLE);
            case BOOLEAN -> Schema.create(Schema.Type.BOOLEAN);
            case BINARY -> Schema.create(Schema.Type.BYTES);
            case DECIMAL -> LogicalTypes.decimal(field.precision(), field.scale())
                    .addToSchema(Schema.create(Schema.Type.BYTES));
            case DATE -> LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
            case TIMESTAMP -> LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
            case TIME -> LogicalTypes.timeMicros().addToSchema(Schema.create(Schema.Type.LONG));
        };
    }

    /** The record schema of {@code asset}: required fields plain, optional ones a union with null. */
    static Schema of(AssetDefinition asset) {
        List<Schema.Field> fields = new ArrayList<>();
        for (FieldSpec f : asset.schema()) {
            Schema type = type(f);
            fields.add(f.required() ? new Schema.Field(name(f.name()), type)
                    : new Schema.Field(name(f.name()), Schema.createUnion(Schema.create(Schema.Type.NULL), type),
                    null, Schema.Field.NULL_DEFAULT_VALUE));
        }
        return Schema.createRecord(name(asset.name()), null, "io.dativo.examples.avro", false, fields);
    }
    // end::type-mapping[]

    /** The schema of rejected records: where each came from, its values as read, and the reason per field. */
    static Schema rejects() {
        return SchemaBuilder.record("Rejected").namespace("io.dativo.examples.avro").fields()
                .requiredString("position")
                .name("values").type().map().values().nullable().stringType().noDefault()
                .name("errors").type().map().values().stringType().noDefault()
                .endRecord();
    }

    /** {@code name} as a valid Avro name. */
    static String name(String name) {
        String clean = name.replaceAll("[^A-Za-z0-9_]", "_");
        return clean.isEmpty() || Character.isDigit(clean.charAt(0)) ? "_" + clean : clean;
    }
}
