package io.dativo.core.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.dativo.api.AssetDefinition;
import io.dativo.api.FieldSpec;
import io.dativo.api.DataType;
import io.dativo.api.RejectedRecord;
import io.dativo.api.SourceBatch;
import io.dativo.api.ValidationMode;
import io.dativo.core.internal.Json;
import io.dativo.core.vector.TextColumn;
import io.dativo.core.vector.Utf8;
import io.dativo.core.vector.ValueText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
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
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Checks source batches against the contract and converts them to its Arrow schema. Keeps the run's counts; not
 * thread-safe, one instance per run.
 */
public final class Validator {

    /** The outcome for one batch: the records to write (caller owns {@code valid}) and the quarantined ones. */
    public record Outcome(VectorSchemaRoot valid, List<RejectedRecord> rejects, int invalidRows, String object) {
    }

    private final AssetDefinition asset;
    private final ValidationMode mode;
    private final BufferAllocator allocator;
    /** The contract's Arrow schema, which every batch's output has. */
    private final Schema schema;
    private final SourceColumns sourceColumns;
    private long totalErrors;
    private long invalidRecords;
    private final Map<String, Long> byKind = new LinkedHashMap<>();
    private final Map<String, Long> byField = new LinkedHashMap<>();
    private final List<ValidationError> details = new ArrayList<>();
    private final Map<String, Long> dropped = new LinkedHashMap<>();
    private final Map<String, Integer> missingDetail = new HashMap<>();

    /** A validator of batches against {@code asset}, in {@code mode}, converting into {@code allocator}. */
    public Validator(AssetDefinition asset, ValidationMode mode, BufferAllocator allocator) {
        this.asset = asset;
        this.mode = mode;
        this.allocator = allocator;
        this.schema = asset.arrowSchema();
        this.sourceColumns = new SourceColumns(asset.schema());
    }

    /** The counts and errors of the batches validated so far. */
    public ValidationSummary summary() {
        return new ValidationSummary(totalErrors, invalidRecords, byKind, byField, details, dropped);
    }

    /** Validates {@code batch}; does not close it. */
    public Outcome validate(SourceBatch batch) {
        VectorSchemaRoot in = batch.root();
        int rows = in.getRowCount();
        List<FieldVector> vectors = in.getFieldVectors();
        int[] columns = sourceColumns.match(in);
        VectorSchemaRoot out = VectorSchemaRoot.create(schema, allocator);
        boolean[] invalid = new boolean[rows];
        invalidInBatch = 0;
        Map<Integer, Map<String, String>> reasons = mode == ValidationMode.QUARANTINE ? new HashMap<>() : null;
        try {
            List<FieldSpec> fields = asset.schema();
            for (int f = 0; f < fields.size(); f++) {
                FieldSpec spec = fields.get(f);
                FieldVector src = columns[f] < 0 ? null : vectors.get(columns[f]);
                FieldVector dst = out.getVector(f);
                if (src == null) {
                    allocate(dst, rows);
                    missing(spec, batch, rows, invalid, reasons);
                    for (int r = 0; r < rows; r++) {
                        dst.setNull(r);
                    }
                } else {
                    column(spec, src, dst, batch, invalid, reasons);
                }
                if (dst.getValueCount() != rows) {
                    dst.setValueCount(rows);
                }
            }
            out.setRowCount(rows);
            for (int c = 0; c < vectors.size(); c++) {
                if (!sourceColumns.used(c)) {
                    dropped.merge(vectors.get(c).getName(), (long) rows, Long::sum);
                }
            }
            int bad = invalidInBatch;
            invalidRecords += bad;
            if (mode != ValidationMode.QUARANTINE || bad == 0) {
                return new Outcome(out, List.of(), bad, batch.object());
            }
            List<RejectedRecord> rejects = new ArrayList<>();
            for (int r = 0; r < rows; r++) {
                if (invalid[r]) {
                    rejects.add(new RejectedRecord(batch.position(r), rowValues(vectors, columns, r), reasons.get(r)));
                }
            }
            VectorSchemaRoot kept = keepValid(out, invalid, rows - bad);
            out.close();
            return new Outcome(kept, rejects, bad, batch.object());
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    private VectorSchemaRoot keepValid(VectorSchemaRoot all, boolean[] invalid, int keep) {
        VectorSchemaRoot kept = VectorSchemaRoot.create(all.getSchema(), allocator);
        for (FieldVector v : kept.getFieldVectors()) {
            v.setInitialCapacity(Math.max(keep, 1));
            v.allocateNew();
        }
        int w = 0;
        for (int r = 0; r < invalid.length; r++) {
            if (!invalid[r]) {
                for (int c = 0; c < all.getFieldVectors().size(); c++) {
                    kept.getVector(c).copyFromSafe(r, w, all.getVector(c));
                }
                w++;
            }
        }
        for (FieldVector v : kept.getFieldVectors()) {
            v.setValueCount(keep);
        }
        kept.setRowCount(keep);
        return kept;
    }

    /** What a reject holds of a row: the contract's fields the source has, sensitive ones masked, nothing else. */
    private Map<String, Object> rowValues(List<FieldVector> vectors, int[] columns, int row) {
        Map<String, Object> values = new LinkedHashMap<>();
        List<FieldSpec> fields = asset.schema();
        for (int f = 0; f < fields.size(); f++) {
            FieldSpec spec = fields.get(f);
            if (columns[f] >= 0) {
                String text = ValueText.text(vectors.get(columns[f]), row);
                values.put(spec.name(), text != null && spec.sensitive() ? MASK : text);
            }
        }
        return values;
    }

    /** What a reject shows for the value of a field the contract classifies. */
    static final String MASK = "***";

    private void missing(FieldSpec spec, SourceBatch batch, int rows, boolean[] invalid,
                         Map<Integer, Map<String, String>> reasons) {
        if (!spec.required() || rows == 0) {
            return;
        }
        String message = "required field '" + spec.name() + "' is not in the source";
        totalErrors += rows;
        byKind.merge("missing_field", (long) rows, Long::sum);
        byField.merge(spec.name(), (long) rows, Long::sum);
        Integer at = missingDetail.get(spec.name());
        if (at == null) {
            if (details.size() < ValidationSummary.MAX_DETAILS) {
                missingDetail.put(spec.name(), details.size());
                details.add(new ValidationError(batch.origin(), spec.name(), "missing_field", message, rows));
            }
        } else {
            ValidationError e = details.get(at);
            details.set(at, new ValidationError(e.position(), e.field(), e.kind(), e.message(), e.count() + rows));
        }
        for (int r = 0; r < rows; r++) {
            markInvalid(invalid, r);
            if (reasons != null) {
                reasons.computeIfAbsent(r, k -> new LinkedHashMap<>()).put(spec.name(), message);
            }
        }
    }

    /** Records of the batch being validated that have at least one error. */
    private int invalidInBatch;

    private void markInvalid(boolean[] invalid, int row) {
        if (!invalid[row]) {
            invalid[row] = true;
            invalidInBatch++;
        }
    }

    private void error(FieldSpec spec, SourceBatch batch, int row, String kind, String message, boolean[] invalid,
                       Map<Integer, Map<String, String>> reasons) {
        totalErrors++;
        byKind.merge(kind, 1L, Long::sum);
        byField.merge(spec.name(), 1L, Long::sum);
        if (details.size() < ValidationSummary.MAX_DETAILS) {
            details.add(new ValidationError(batch.position(row), spec.name(), kind, message, 1));
        }
        markInvalid(invalid, row);
        if (reasons != null) {
            reasons.computeIfAbsent(row, k -> new LinkedHashMap<>()).put(spec.name(), message);
        }
    }

    private void column(FieldSpec spec, FieldVector src, FieldVector dst, SourceBatch batch, boolean[] invalid,
                        Map<Integer, Map<String, String>> reasons) {
        int rows = batch.root().getRowCount();
        boolean sameType = spec.type() != DataType.JSON && src.getField().getType().equals(dst.getField().getType());
        if (sameType && reasons == null && !(src instanceof VarCharVector)) {
            transferChecked(spec, src, dst, batch, invalid);
            return;
        }
        if (sameType && reasons == null && src instanceof VarCharVector vc && textColumn.ascii(vc, rows)) {
            // ASCII is valid UTF-8: the column moves as it is, its bytes never copied
            transferChecked(spec, src, dst, batch, invalid);
            return;
        }
        String kind = "invalid_" + spec.type().contractName();
        if (src instanceof VarCharVector vc && FixedText.handles(spec)) {
            parseFixed(spec, vc, (BaseFixedWidthVector) dst, batch, invalid, reasons, kind);
            return;
        }
        TextColumn text = src instanceof VarCharVector vc ? textColumn.load(vc, rows) : null;
        // Text reaching the output is never ill-formed UTF-8, whatever the reader put in the column.
        boolean[] badText = text != null && dst instanceof VarCharVector ? text.invalidUtf8(rows) : null;
        if (sameType && reasons == null && badText == null) {
            transferChecked(spec, src, dst, batch, invalid);
            return;
        }
        allocate(dst, rows);
        for (int r = 0; r < rows; r++) {
            if (src.isNull(r)) {
                dst.setNull(r);
                nullValue(spec, batch, r, invalid, reasons);
                continue;
            }
            if (badText != null && badText[r]) {
                dst.setNull(r);
                invalidValue(spec, batch, r, kind, new Coerce.Bad(Utf8.describe(text.data(), text.start(r),
                        text.length(r))), invalid, reasons);
                continue;
            }
            if (sameType) {
                dst.copyFromSafe(r, r, src);
                continue;
            }
            try {
                set(spec, dst, r, text != null ? Coerce.text(text.data(), text.start(r), text.length(r))
                        : ValueText.text(src, r));
            } catch (Coerce.Bad e) {
                dst.setNull(r);
                invalidValue(spec, batch, r, kind, e, invalid, reasons);
            }
        }
    }

    /**
     * Allocates an output column for {@code rows} values; a column that a source column moves into is never
     * allocated, since the move would drop its buffers.
     */
    private static void allocate(FieldVector dst, int rows) {
        dst.setInitialCapacity(Math.max(rows, 1));
        dst.allocateNew();
    }

    /** Moves a column already of the contract's type, recording the nulls of a required field. */
    private void transferChecked(FieldSpec spec, FieldVector src, FieldVector dst, SourceBatch batch,
                                 boolean[] invalid) {
        if (spec.required() && src.getNullCount() > 0) {
            for (int r = 0; r < src.getValueCount(); r++) {
                if (src.isNull(r)) {
                    nullValue(spec, batch, r, invalid, null);
                }
            }
        }
        src.makeTransferPair(dst).transfer();
    }

    /** Records the error of a null in a required field; nulls are fine elsewhere. */
    private void nullValue(FieldSpec spec, SourceBatch batch, int r, boolean[] invalid,
                           Map<Integer, Map<String, String>> reasons) {
        if (spec.required()) {
            error(spec, batch, r, "required", "required field '" + spec.name() + "' is null", invalid, reasons);
        }
    }

    private void invalidValue(FieldSpec spec, SourceBatch batch, int r, String kind, Coerce.Bad e, boolean[] invalid,
                              Map<Integer, Map<String, String>> reasons) {
        String message = spec.sensitive() ? "value of " + spec.classification() + " field '" + spec.name()
                + "' does not fit " + spec.type().contractName() : e.getMessage();
        error(spec, batch, r, kind, message, invalid, reasons);
    }

    /**
     * Parses a text column into a fixed-width vector: plain values in bulk, then the other rows one by one, where
     * nulls and values that do not fit are recorded.
     */
    private void parseFixed(FieldSpec spec, VarCharVector src, BaseFixedWidthVector dst, SourceBatch batch,
                            boolean[] invalid, Map<Integer, Map<String, String>> reasons, String kind) {
        int rows = batch.root().getRowCount();
        ArrowText text = arrowText.load(src, rows);
        try {
            int others = fixedText.parsePlain(spec, text, rows, dst.getTypeWidth(), allocator);
            for (int k = 0; k < others; k++) {
                int r = fixedText.other(k);
                if (!text.present(r)) {
                    nullValue(spec, batch, r, invalid, reasons);
                    continue;
                }
                try {
                    int len = text.copy(r);
                    fixedText.set(r, FixedText.bits(spec, text.scratch(), 0, len));
                } catch (Coerce.Bad e) {
                    invalidValue(spec, batch, r, kind, e, invalid, reasons);
                }
            }
        } finally {
            fixedText.moveTo(dst, rows, allocator);
        }
    }

    private final FixedText fixedText = new FixedText();

    /** The text of the column being parsed into a fixed-width vector, read in Arrow's buffers. */
    private final ArrowText arrowText = new ArrowText();

    /** The source text of the column being validated, so the common types parse without creating strings. */
    private final TextColumn textColumn = new TextColumn();

    private static void set(FieldSpec spec, FieldVector dst, int r, String s) throws Coerce.Bad {
        switch (spec.type()) {
            case STRING -> ((VarCharVector) dst).setSafe(r, s.getBytes(StandardCharsets.UTF_8));
            case JSON -> {
                try {
                    if (Json.ONE_DOCUMENT.readTree(s).isMissingNode()) {
                        throw new Coerce.Bad("not valid JSON: no document, only blanks");
                    }
                } catch (JsonProcessingException e) {
                    throw new Coerce.Bad("not valid JSON: " + e.getOriginalMessage());
                }
                ((VarCharVector) dst).setSafe(r, s.getBytes(StandardCharsets.UTF_8));
            }
            case LONG -> ((BigIntVector) dst).set(r, Coerce.toLong(s));
            case DOUBLE -> ((Float8Vector) dst).set(r, Coerce.toDouble(s));
            case FLOAT -> ((Float4Vector) dst).set(r, Coerce.toFloat(s));
            case DECIMAL -> ((DecimalVector) dst).setSafe(r, Coerce.toDecimal(s, spec.precision(), spec.scale()));
            case BOOLEAN -> ((BitVector) dst).set(r, Coerce.toBoolean(s) ? 1 : 0);
            case DATE -> ((DateDayVector) dst).set(r, Coerce.toEpochDay(s));
            case TIMESTAMP -> ((TimeStampMicroTZVector) dst).set(r, Coerce.toEpochMicros(s));
            case TIME -> ((TimeMicroVector) dst).set(r, Coerce.toTimeMicros(s));
            case BINARY -> ((VarBinaryVector) dst).setSafe(r, Coerce.toBinary(s));
        }
    }
}
