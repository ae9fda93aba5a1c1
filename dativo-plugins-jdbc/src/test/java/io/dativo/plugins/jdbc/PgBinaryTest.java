package io.dativo.plugins.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import io.dativo.api.SourceDataException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The long path of {@code numeric} decoding against the {@link BigDecimal} path it shortcuts: for every value it
 * takes, the same unscaled value; for every value the decimal path refuses (too many digits after the point, too
 * many digits in all), no answer, so the reader falls back and reports the refusal.
 */
class PgBinaryTest {

    private static final int[][] PRECISION_SCALE = {{15, 2}, {18, 0}, {18, 18}, {10, 4}, {38, 10}, {19, 2}, {1, 0}};

    @Test
    void numericAsUnscaledLongMatchesTheDecimalPath() {
        Random random = new Random(42);
        List<BigDecimal> values = new ArrayList<>(List.of(BigDecimal.ZERO, new BigDecimal("0.00"),
                new BigDecimal("-0.01"), new BigDecimal("12.50"), new BigDecimal("10000"), new BigDecimal("1E+20"),
                new BigDecimal("9999999999999.99"), new BigDecimal("-9999999999999.99"),
                new BigDecimal("99999999999999.99"), new BigDecimal("0.000000000000000001"),
                new BigDecimal("9223372036854775807"), new BigDecimal("-9223372036854775808"),
                new BigDecimal("123456789012345678901234.5678")));
        for (int i = 0; i < 20_000; i++) {
            BigInteger unscaled = new BigInteger(1 + random.nextInt(70), random);
            values.add(new BigDecimal(random.nextBoolean() ? unscaled : unscaled.negate(), random.nextInt(30) - 8));
            // money-like values: up to 18 digits, up to 6 places, as most columns hold
            long small = random.nextLong() % 1_000_000_000_000_000_000L;
            values.add(BigDecimal.valueOf(small >> random.nextInt(60), random.nextInt(7)));
        }
        int fast = 0;
        for (BigDecimal value : values) {
            byte[] wire = wire(value);
            for (int[] ps : PRECISION_SCALE) {
                FieldSpec field = new FieldSpec("n", DataType.DECIMAL, false, null, null, ps[0], ps[1]);
                long got = PgBinary.numericUnscaled(wire, 4, ps[1], PgBinary.unscaledBound(ps[0]));
                BigDecimal expected;
                try {
                    expected = ColumnFiller.fit(PgBinary.numeric(wire, 4, new String[1]), field, "t");
                } catch (SourceDataException e) {
                    assertThat(got).as("%s as decimal(%d, %d)", value, ps[0], ps[1])
                            .isEqualTo(PgBinary.NOT_A_LONG);
                    continue;
                }
                if (got != PgBinary.NOT_A_LONG) {
                    fast++;
                    assertThat(BigInteger.valueOf(got)).as("%s as decimal(%d, %d)", value, ps[0], ps[1])
                            .isEqualTo(expected.unscaledValue());
                }
            }
        }
        assertThat(fast).as("values the long path decoded").isGreaterThan(10_000);
    }

    @Test
    void notANumberTakesTheDecimalPathWhichNamesIt() {
        byte[] nan = {0, 0, 0, 8, 0, 0, 0, 0, (byte) 0xC0, 0, 0, 0};
        assertThat(PgBinary.numericUnscaled(nan, 4, 2, PgBinary.unscaledBound(15))).isEqualTo(PgBinary.NOT_A_LONG);
        String[] special = new String[1];
        assertThat(PgBinary.numeric(nan, 4, special)).isNull();
        assertThat(special[0]).isEqualTo("NaN");
        FieldSpec field = new FieldSpec("n", DataType.DECIMAL, false, null, null, 3, 0);
        assertThatThrownBy(() -> ColumnFiller.fit(new BigDecimal("1000"), field, "t"))
                .isInstanceOf(SourceDataException.class).hasMessageContaining("1000");
    }

    private static byte[] wire(BigDecimal value) {
        PgBinary.Buffer out = new PgBinary.Buffer();
        PgBinary.numeric(value, out);
        return Arrays.copyOf(out.bytes, out.size);
    }
}
