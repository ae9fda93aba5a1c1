package io.dativo.core.connector.file;

import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import io.dativo.api.SourceDataException;
import io.dativo.core.format.CsvParser;
import io.dativo.core.validate.Coerce;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The CSV reader's guesses: whether a first record is a header, and which types a column's values fit. */
final class CsvGuess {

    private static final Logger LOG = LoggerFactory.getLogger(CsvReader.class);

    private CsvGuess() {
    }

    /** Whether {@code v} can be read as a {@code type}. */
    static boolean fits(DataType type, String v) {
        try {
            switch (type) {
                case LONG -> {
                    if (v.contains(".")) {
                        return false;
                    }
                    Coerce.toLong(v);
                }
                case DOUBLE -> Coerce.toDouble(v);
                case BOOLEAN -> {
                    String t = v.trim().toLowerCase(Locale.ROOT);
                    if (!t.equals("true") && !t.equals("false")) {
                        return false;
                    }
                }
                case DATE -> {
                    if (v.length() > 10) {
                        return false;
                    }
                    Coerce.toEpochDay(v);
                }
                case TIMESTAMP -> Coerce.toEpochMicros(v);
                default -> {
                    return true;
                }
            }
            return true;
        } catch (Coerce.Bad e) {
            return false;
        }
    }

    /**
     * Whether the first record is a header. Against a contract, it is one only when one of its fields names a
     * contract field, or when none of its fields looks like data (a number or boolean), it has another number of
     * fields than the contract and the contract has a required field (as data it could not be read either; as a
     * header its columns are dropped and each required field is reported missing once with a count). Without a
     * required field nothing would report the loss, so that first row is an error asking for the header option. A
     * first row naming no contract field with as many fields as the contract, or with a field that looks like data,
     * is data. Without a contract (discovery), it is a header unless a field looks like data.
     */
    static boolean looksLikeHeader(CsvParser p, List<FieldSpec> fields, String label) {
        boolean dataLike = false;
        for (int i = 0; i < p.fieldCount(); i++) {
            String v = p.text(i).trim();
            if (fields.stream().anyMatch(f -> f.name().equalsIgnoreCase(v))) {
                return true;
            }
            dataLike |= v.isEmpty() || v.matches("[-+]?[0-9][0-9.,:eE+ -]*") || v.equalsIgnoreCase("true")
                    || v.equalsIgnoreCase("false");
        }
        if (fields.isEmpty()) {
            return !dataLike;
        }
        if (!dataLike && p.fieldCount() != fields.size()) {
            if (fields.stream().noneMatch(FieldSpec::required)) {
                throw new SourceDataException(label + ":" + p.recordLine(), "header: auto cannot tell whether the "
                        + "first row is a header: it names none of the contract's fields, and it has "
                        + p.fieldCount() + " fields where the contract has " + fields.size() + "; set the source's "
                        + "header option to true or false");
            }
            LOG.warn("{}: the first row names no field of the contract and has {} fields where the contract has {}, "
                    + "so it is read as a header whose columns the contract does not name; set the source's header "
                    + "option to false if it is data", label, p.fieldCount(), fields.size());
            return true;
        }
        if (!dataLike) {
            LOG.warn("{}: the first row names no field of the contract and has as many fields, so it is read as data; "
                    + "set the source's header option to true if it is a header", label);
        }
        return false;
    }
}
