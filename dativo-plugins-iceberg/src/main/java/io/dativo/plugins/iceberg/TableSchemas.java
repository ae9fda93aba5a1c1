package io.dativo.plugins.iceberg;

import io.dativo.api.AssetDefinition;
import io.dativo.api.DativoException;
import io.dativo.api.ErrorKind;
import io.dativo.api.FieldSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The Iceberg schema of a data contract, and the changes a new contract version makes to an existing table: a new
 * optional field adds a column, a widened type (float to double, more decimal digits at the same scale) updates the
 * column, a field that became optional makes its column optional. A field that was removed, narrowed or changed
 * in type, or a new required field, fails the run before anything is written, naming the field, unless the job
 * allows breaking changes: then the removed column stays (optional, null in new rows) and the rest still fails.
 */
final class TableSchemas {

    /** The column the target adds for the {@code ingest_date} partition: the run's UTC date. */
    static final String INGEST_DATE = "ingest_date";

    private TableSchemas() {
    }

    /** The Iceberg type of a contract field: JSON is text, timestamps are UTC instants in microseconds. */
    static Type type(FieldSpec f) {
        return switch (f.type()) {
            case STRING, JSON -> Types.StringType.get();
            case LONG -> Types.LongType.get();
            case FLOAT -> Types.FloatType.get();
            case DOUBLE -> Types.DoubleType.get();
            case DECIMAL -> Types.DecimalType.of(f.precision(), f.scale());
            case BOOLEAN -> Types.BooleanType.get();
            case DATE -> Types.DateType.get();
            case TIMESTAMP -> Types.TimestampType.withZone();
            case TIME -> Types.TimeType.get();
            case BINARY -> Types.BinaryType.get();
        };
    }

    /** The schema of a new table: the contract's fields in order, ids from 1, required fields required. */
    static Schema of(AssetDefinition asset, boolean ingestDate) {
        List<Types.NestedField> fields = new ArrayList<>();
        int id = 0;
        for (FieldSpec f : asset.schema()) {
            fields.add(Types.NestedField.of(++id, !f.required(), f.name(), type(f), f.description()));
        }
        if (ingestDate && asset.field(INGEST_DATE) == null) {
            fields.add(Types.NestedField.optional(++id, INGEST_DATE, Types.DateType.get(),
                    "the UTC date of the run that wrote the row"));
        }
        return new Schema(fields);
    }

    /**
     * Brings {@code table}'s schema to {@code asset}'s, as far as that is safe, in one schema update.
     *
     * @return the changes made, for the log; empty when the schema already matches
     * @throws DativoException of kind CONFIG naming the field when the contract removes, narrows or changes a field
     */
    static List<String> evolve(Table table, AssetDefinition asset, boolean ingestDate, boolean allowBreaking) {
        Schema current = table.schema();
        List<String> changes = new ArrayList<>();
        List<String> breaking = new ArrayList<>();
        boolean removed = false;
        UpdateSchema update = table.updateSchema();
        for (FieldSpec f : asset.schema()) {
            Types.NestedField column = current.findField(f.name());
            Type wanted = type(f);
            if (column == null) {
                if (f.required()) {
                    breaking.add("'" + f.name() + "' is new and required; existing rows have no value for it "
                            + "(add it as optional first)");
                    continue;
                }
                update.addColumn(f.name(), wanted, f.description());
                changes.add("added column " + f.name() + " " + wanted);
                continue;
            }
            Type have = column.type();
            if (!have.equals(wanted)) {
                if (widens(have, wanted)) {
                    update.updateColumn(f.name(), wanted.asPrimitiveType());
                    changes.add("widened column " + f.name() + " from " + have + " to " + wanted);
                } else {
                    breaking.add("'" + f.name() + "' changes type from " + have + " to " + wanted
                            + ", which is not a widening");
                    continue;
                }
            }
            if (column.isRequired() && !f.required()) {
                update.makeColumnOptional(f.name());
                changes.add("made column " + f.name() + " optional");
            }
        }
        for (Types.NestedField column : current.columns()) {
            if (asset.field(column.name()) != null || (ingestDate && column.name().equals(INGEST_DATE))) {
                continue;
            }
            if (!allowBreaking) {
                removed = true;
                breaking.add("'" + column.name() + "' is a column of the table but no longer a field of the contract");
            } else if (column.isRequired()) {
                update.makeColumnOptional(column.name());
                changes.add("made column " + column.name() + " optional: the contract no longer has it");
            }
        }
        if (ingestDate && current.findField(INGEST_DATE) == null && asset.field(INGEST_DATE) == null) {
            update.addColumn(INGEST_DATE, Types.DateType.get(), "the UTC date of the run that wrote the row");
            changes.add("added column " + INGEST_DATE);
        }
        if (!breaking.isEmpty()) {
            throw new DativoException(ErrorKind.CONFIG, "contract '" + asset.name() + "' version " + asset.version()
                    + " does not fit table " + table.name() + ": " + String.join("; ", breaking)
                    + (!removed ? "" : " (set target.engine.options.allow_breaking_schema_changes to keep "
                    + "removed columns)"), null);
        }
        if (!changes.isEmpty()) {
            update.commit();
        }
        return changes;
    }

    /** Whether Iceberg can change a column of type {@code from} to {@code to} without rewriting data. */
    static boolean widens(Type from, Type to) {
        if (from.typeId() == Type.TypeID.INTEGER && to.typeId() == Type.TypeID.LONG) {
            return true;
        }
        if (from.typeId() == Type.TypeID.FLOAT && to.typeId() == Type.TypeID.DOUBLE) {
            return true;
        }
        return from instanceof Types.DecimalType a && to instanceof Types.DecimalType b && a.scale() == b.scale()
                && b.precision() > a.precision();
    }

    /** Contract field name to the id of its table column: the Parquet field ids of the data files. */
    static Map<String, Integer> fieldIds(Schema schema, AssetDefinition asset) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (FieldSpec f : asset.schema()) {
            ids.put(f.name(), schema.findField(f.name()).fieldId());
        }
        return ids;
    }
}
