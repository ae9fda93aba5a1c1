package io.dativo.core.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.AssetDefinition;
import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import io.dativo.api.SourceBatch;
import io.dativo.api.ValidationMode;
import io.dativo.testkit.LeakCheckedAllocator;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Numbers and dates read in Arrow's buffers, word by word, agree with BigDecimal and java.time on random text,
 * plain or not, including values at the very end of a buffer, where words cannot be read and Arrow's checked copy
 * serves; and the validator's output, parsed into buffers it hands to its vectors, holds the same values batch after
 * batch, with every value that does not fit reported by row and field and no memory left behind.
 */
class ArrowTextTest {

    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

    private static final int[][] DECIMALS = {{15, 2}, {18, 0}, {10, 4}, {18, 18}, {3, 0}, {18, 9}, {16, 16}};

    /** Text that is mostly plain numbers, with signs, points, blanks, exponents and letters now and then. */
    private static String number(Random random) {
        String alphabet = "0123456789000999.-+ eE";
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(4) == 0 ? random.nextInt(24) : 1 + random.nextInt(10);
        for (int c = 0; c < length; c++) {
            text.append(random.nextInt(6) == 0 ? alphabet.charAt(random.nextInt(alphabet.length()))
                    : (char) ('0' + random.nextInt(10)));
        }
        return text.toString();
    }

    private static Object reference(String text, int precision, int scale) {
        try {
            return Coerce.toDecimal(text, precision, scale).unscaledValue().longValueExact();
        } catch (Coerce.Bad e) {
            return Coerce.Bad.class;
        }
    }

    private static Object integer(String text) {
        try {
            return Coerce.toLong(text);
        } catch (Coerce.Bad e) {
            return Coerce.Bad.class;
        }
    }

    private VarCharVector column(List<String> values) {
        return column("c", values);
    }

    private VarCharVector column(String name, List<String> values) {
        VarCharVector v = new VarCharVector(name, allocator);
        v.allocateNew();
        for (int r = 0; r < values.size(); r++) {
            if (values.get(r) == null) {
                v.setNull(r);
            } else {
                v.setSafe(r, values.get(r).getBytes(StandardCharsets.UTF_8));
            }
        }
        v.setValueCount(values.size());
        return v;
    }

    @Test
    void plainNumbersAreReadInWordsAndAgreeWithBigDecimal() {
        Random random = new Random(11);
        ArrowText text = new ArrowText();
        for (int round = 0; round < 28; round++) {
            List<String> values = new ArrayList<>();
            for (int r = 0; r < 2_000; r++) {
                values.add(random.nextInt(50) == 0 ? null : number(random));
            }
            try (VarCharVector v = column(values)) {
                text.load(v, values.size());
                int[] type = DECIMALS[round % DECIMALS.length];
                for (int r = 0; r < values.size(); r++) {
                    String s = values.get(r);
                    if (s == null) {
                        assertThat(text.present(r)).isFalse();
                        continue;
                    }
                    long words = text.unscaled(text.offset(r), text.offset(r + 1), type[0], type[1]);
                    Object expected = reference(s, type[0], type[1]);
                    if (words != PlainText.NOT_PLAIN && !expected.equals(words)) {
                        assertThat((Object) words).as("'%s' as decimal(%d,%d)", s, type[0], type[1])
                                .isEqualTo(expected);
                    } else if (words == PlainText.NOT_PLAIN && plain(s, type[1]) && expected instanceof Long
                            && nearStart(v, r)) {
                        throw new AssertionError("'" + s + "' is plain but was not read in words");
                    }
                    int len = text.copy(r);
                    if (!Coerce.text(text.scratch(), 0, len).equals(s)) {
                        assertThat(Coerce.text(text.scratch(), 0, len)).isEqualTo(s);
                    }
                }
            }
        }
    }

    /**
     * Digits with at most one point and at most {@code scale} digits after it, of at most sixteen bytes after an
     * optional sign: the form read in words (more digits after the point, even zeros, take the general way).
     */
    private static boolean plain(String s, int scale) {
        int point = s.indexOf('.');
        return s.matches("[-+]?[0-9]*\\.?[0-9]*") && s.replaceFirst("^[-+]", "").length() <= PlainText.WORD_TEXT
                && (point < 0 || s.length() - point - 1 <= scale);
    }

    /** Whether seventeen bytes can be read from the value's start inside the data buffer. */
    private static boolean nearStart(VarCharVector v, int row) {
        return v.getStartOffset(row) + 17 <= v.getDataBuffer().capacity();
    }

    @Test
    void theWordReadingAgreesWithBigDecimalOnEdgeCases() {
        List<String> values = List.of("0", "-0", "+0", "0.00", "-0.01", "5.", ".5", "-.5", "+.5", ".", "-", "+", "",
                "1234567890123456", "-1234567890123456", "123456789012345.6", ".1234567890123456", "12345678.12345678",
                "1234567.8", "12345678.9", "123456789", "99999999999999.99", "999999999999999.99", "1..2", "1.2.",
                "0000000000000001", "00000000.00000001", "12345678901234567", "1e5", " 1", "1 ", "١٢", "9.99", "10.00");
        ArrowText text = new ArrowText();
        try (VarCharVector v = column(values)) {
            text.load(v, values.size());
            for (int[] type : DECIMALS) {
                for (int r = 0; r < values.size(); r++) {
                    long words = text.unscaled(text.offset(r), text.offset(r + 1), type[0], type[1]);
                    Object expected = reference(values.get(r), type[0], type[1]);
                    if (words != PlainText.NOT_PLAIN || plain(values.get(r), type[1]) && expected instanceof Long
                            && nearStart(v, r)) {
                        assertThat((Object) words).as("'%s' as decimal(%d,%d)", values.get(r), type[0], type[1])
                                .isEqualTo(expected);
                    }
                }
            }
        }
    }

    @Test
    void datesAreReadInWordsAndAgreeWithJavaTime() {
        Random random = new Random(5);
        List<String> values = new ArrayList<>();
        for (int k = 0; k < 20_000; k++) {
            int kind = random.nextInt(10);
            if (kind < 6) {
                values.add(LocalDate.ofEpochDay(random.nextInt(3_000_000) - 1_500_000).toString());
            } else {
                char[] c = String.format("%04d-%02d-%02d", random.nextInt(10_000), random.nextInt(14),
                        random.nextInt(33)).toCharArray();
                if (kind == 9) {
                    c[random.nextInt(c.length)] = "x-0/ 9".charAt(random.nextInt(6));
                }
                values.add(new String(c));
            }
        }
        ArrowText text = new ArrowText();
        try (VarCharVector v = column(values)) {
            text.load(v, values.size());
            for (int r = 0; r < values.size(); r++) {
                String s = values.get(r);
                Object expected;
                try {
                    expected = s.length() == 10 && s.charAt(0) != '+' && s.charAt(0) != '-'
                            ? LocalDate.parse(s).toEpochDay() : "not plain";
                } catch (DateTimeParseException e) {
                    expected = "not plain";
                }
                long day = text.epochDay(text.offset(r), text.offset(r + 1));
                if (day != PlainText.NOT_PLAIN) {
                    assertThat((Object) day).as(s).isEqualTo(expected);
                } else if (nearStart(v, r)) {
                    assertThat(expected).as(s).isEqualTo("not plain");
                }
            }
        }
    }

    @Test
    void validatedColumnsHoldTheValuesOfBigDecimalAndJavaTimeBatchAfterBatch() {
        AssetDefinition asset = AssetDefinition.of("t", List.of(
                new FieldSpec("amount", DataType.DECIMAL, false, null, null, 15, 2),
                FieldSpec.of("id", DataType.LONG, false),
                FieldSpec.of("day", DataType.DATE, false)));
        Validator validator = new Validator(asset, ValidationMode.WARN, allocator);
        Random random = new Random(3);
        long errors = 0;
        for (int batch = 0; batch < 6; batch++) {
            int rows = 1 + random.nextInt(3_000);
            List<String> amounts = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            List<String> days = new ArrayList<>();
            for (int r = 0; r < rows; r++) {
                amounts.add(random.nextInt(40) == 0 ? null : number(random));
                ids.add(random.nextInt(40) == 0 ? null : number(random));
                days.add(random.nextInt(20) == 0 ? "2024-02-30"
                        : LocalDate.ofEpochDay(random.nextInt(40_000)).toString());
            }
            try (VectorSchemaRoot in = new VectorSchemaRoot(List.<FieldVector>of(column("amount", amounts),
                    column("id", ids), column("day", days)))) {
                in.setRowCount(rows);
                Validator.Outcome out = validator.validate(SourceBatch.of(in, "t", "batch" + batch));
                try (VectorSchemaRoot valid = out.valid()) {
                    DecimalVector amount = (DecimalVector) valid.getVector("amount");
                    BigIntVector id = (BigIntVector) valid.getVector("id");
                    DateDayVector day = (DateDayVector) valid.getVector("day");
                    for (int r = 0; r < rows; r++) {
                        Object a = amounts.get(r) == null ? null : reference(amounts.get(r), 15, 2);
                        assertThat(amount.isNull(r) ? null : (Object) amount.getObject(r).unscaledValue()
                                .longValueExact()).as(amounts.get(r)).isEqualTo(a instanceof Long ? a : null);
                        Object i = ids.get(r) == null ? null : integer(ids.get(r));
                        assertThat(id.isNull(r) ? null : (Object) id.get(r)).as(ids.get(r))
                                .isEqualTo(i instanceof Long ? i : null);
                        assertThat(day.isNull(r) ? null : (Object) (long) day.get(r)).as(days.get(r))
                                .isEqualTo(days.get(r).equals("2024-02-30") ? null
                                        : LocalDate.parse(days.get(r)).toEpochDay());
                        errors += (a == Coerce.Bad.class ? 1 : 0) + (i == Coerce.Bad.class ? 1 : 0)
                                + (days.get(r).equals("2024-02-30") ? 1 : 0);
                    }
                }
            }
        }
        ValidationSummary summary = validator.summary();
        assertThat(summary.totalErrors()).isEqualTo(errors).isPositive();
        ValidationError first = summary.firstErrors().get(0);
        assertThat(first.position()).startsWith("batch0 row ");
        assertThat(List.of("amount", "id", "day")).contains(first.field());
    }
}
