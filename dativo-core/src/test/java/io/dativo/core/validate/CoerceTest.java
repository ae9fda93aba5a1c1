package io.dativo.core.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CoerceTest {

    @ParameterizedTest
    @CsvSource({"42,42", "-7,-7", "+3,3", "' 12 ',12", "2.0,2", "9223372036854775807,9223372036854775807",
            "-9223372036854775808,-9223372036854775808", "1e3,1000"})
    void integersAccepted(String text, long expected) throws Exception {
        assertThat(Coerce.toLong(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "abc", "", "9223372036854775808", "12a", "NULL", "0x10"})
    void integersRejectedWithoutTruncation(String text) {
        assertThatThrownBy(() -> Coerce.toLong(text)).isInstanceOf(Coerce.Bad.class);
    }

    @ParameterizedTest
    @CsvSource({"0.00,0.0", "1364.50,1364.5", "-1e-3,-0.001", "Infinity,Infinity", "-infinity,-Infinity",
            "INF,Infinity", "+inf,Infinity", "NaN,NaN", "nan,NaN", "-NAN,NaN", "1.,1.0", ".5,0.5", "1E+2,100.0",
            "0e99999,0.0", "1.7976931348623157e308,1.7976931348623157e308"})
    void doublesAccepted(String text, double expected) throws Exception {
        assertThat(Double.valueOf(Coerce.toDouble(text))).isEqualTo(Double.valueOf(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0d", "abc", "", "1,5", "12f", "0x1p3", "0X1.8P1", "1e", "e5", ".", "-", "Infinityx",
        "in f", "1e309", "-1e309", "1e-400"})
    void doublesRejected(String text) {
        assertThatThrownBy(() -> Coerce.toDouble(text)).isInstanceOf(Coerce.Bad.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e39", "-1e39", "3.5e38", "1e-50"})
    void floatsOutOfTheirRangeAreErrorsNotInfinityOrZero(String text) throws Exception {
        assertThatThrownBy(() -> Coerce.toFloat(text)).isInstanceOf(Coerce.Bad.class)
                .hasMessageContaining("out of the range of a float");
        assertThat(Coerce.toDouble(text)).isFinite();
    }

    @ParameterizedTest
    @CsvSource({"1.25,1.25", "3.4e38,3.4e38", "-Infinity,-Infinity", "nan,NaN", "0,0"})
    void floatsAccepted(String text, float expected) throws Exception {
        assertThat(Float.valueOf(Coerce.toFloat(text))).isEqualTo(Float.valueOf(expected));
    }

    @ParameterizedTest
    @CsvSource({"19.99,19.99", "5,5.00", "-0.5,-0.50", "9999999999.99,9999999999.99"})
    void decimalsAccepted(String text, String expected) throws Exception {
        assertThat(Coerce.toDecimal(text, 12, 2)).isEqualTo(new BigDecimal(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.999", "99999999999.00", "x", "", "1e999999999", "-5E+2147483647", "1e-999999999",
            "0.0000000001e-2147483647"})
    void decimalsThatWouldBeRoundedOrOverflowAreRejected(String text) {
        assertThatThrownBy(() -> Coerce.toDecimal(text, 12, 2)).isInstanceOf(Coerce.Bad.class);
    }

    @ParameterizedTest
    @CsvSource({"true,true", "FALSE,false", "1,true", "0,false", "yes,true", "No,false", "on,true", "off,false"})
    void booleansAccepted(String text, boolean expected) throws Exception {
        assertThat(Coerce.toBoolean(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2", "maybe", ""})
    void booleansRejected(String text) {
        assertThatThrownBy(() -> Coerce.toBoolean(text)).isInstanceOf(Coerce.Bad.class);
    }

    @ParameterizedTest
    @CsvSource({"2024-01-15,2024-01-15", "2024-02-29,2024-02-29", "2024-01-15 00:00:00,2024-01-15",
            "2001-06-01 00:00:00.000,2001-06-01"})
    void datesAccepted(String text, String expected) throws Exception {
        assertThat(Coerce.toEpochDay(text)).isEqualTo((int) LocalDate.parse(expected).toEpochDay());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2023-02-29", "2024-13-01", "15/01/2024", "2024-01-15 10:00:00", "2024-1-5", "2024-02-30",
            "2024-04-31", "2024-00-10", "2024-01-00", "2024-1a-01", "2024-01-1x", "20 4-01-01", "2024-01-15x",
            "2024$01-15", "2024-01$15", "2024-01-1:", "2024-:1-15", "/024-01-15", "2024-01-32", "1900-02-29"})
    void datesRejected(String text) {
        assertThatThrownBy(() -> Coerce.toEpochDay(text)).isInstanceOf(Coerce.Bad.class);
    }

    @ParameterizedTest
    @CsvSource({"2014-02-08 10:01:36.827,2014-02-08T10:01:36.827Z", "2014-02-08T10:01:36Z,2014-02-08T10:01:36Z",
            "2026-11-02 16:45:00+01:00,2026-11-02T15:45:00Z", "2026-11-02T16:45:00-0530,2026-11-02T22:15:00Z",
            "2009-01-07 00:00:00,2009-01-07T00:00:00Z", "2024-01-15,2024-01-15T00:00:00Z",
            "2024-01-15 10:30,2024-01-15T10:30:00Z", "2024-01-15T10:30:00.123456789Z,2024-01-15T10:30:00.123456Z"})
    void timestampsAccepted(String text, String expected) throws Exception {
        assertThat(Coerce.toEpochMicros(text)).isEqualTo(ChronoUnit.MICROS.between(Instant.EPOCH,
                Instant.parse(expected)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-01-15 25:00:00", "2024-01-15T10:30:00 garbage", "yesterday", "2024-01-15T",
            "2024-01-15 10:30:00.", "2024-01-15 10:61:00"})
    void timestampsRejected(String text) {
        assertThatThrownBy(() -> Coerce.toEpochMicros(text)).isInstanceOf(Coerce.Bad.class);
    }

    @ParameterizedTest
    @CsvSource({"10:30,10:30", "23:59:59,23:59:59", "08:00:00.5,08:00:00.5"})
    void timesAccepted(String text, String expected) throws Exception {
        assertThat(Coerce.toTimeMicros(text)).isEqualTo(LocalTime.parse(expected).toNanoOfDay() / 1000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"24:00", "10", "10:30 PM"})
    void timesRejected(String text) {
        assertThatThrownBy(() -> Coerce.toTimeMicros(text)).isInstanceOf(Coerce.Bad.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aGVsbG8=", "  aGVsbG8=  "})
    void binaryFromBase64(String text) throws Exception {
        assertThat(Coerce.toBinary(text)).isEqualTo("hello".getBytes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not base64!", "a"})
    void binaryRejected(String text) {
        assertThatThrownBy(() -> Coerce.toBinary(text)).isInstanceOf(Coerce.Bad.class);
    }

    @org.junit.jupiter.api.Test
    void plainDatesAgreeWithJavaTimeOnEveryDayFrom1800To2200() throws Exception {
        for (LocalDate d = LocalDate.of(1800, 1, 1); d.getYear() <= 2200; d = d.plusDays(1)) {
            if (Coerce.toEpochDay(d.toString()) != d.toEpochDay()) {
                assertThat(Coerce.toEpochDay(d.toString())).as(d.toString()).isEqualTo(d.toEpochDay());
            }
        }
        assertThat(Coerce.toEpochDay(" 2024-01-15 ")).isEqualTo((int) LocalDate.of(2024, 1, 15).toEpochDay());
    }

    @org.junit.jupiter.api.Test
    void epochDayAgreesWithJavaTimeOnEveryDayOfFourDigitYears() {
        for (LocalDate d = LocalDate.of(0, 1, 1); d.getYear() <= 9999; d = d.plusDays(1)) {
            if (Coerce.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth()) != d.toEpochDay()) {
                assertThat(Coerce.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth())).as(d.toString())
                        .isEqualTo(d.toEpochDay());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "17", "-17", "+17", "19604.74", "0.04", "-0.5", "5.", ".5", "9999999999999.99",
            "10000000000000", "-9999999999999.99", "0000000000000000017.5", "1.999", "1.23e2", " 12.5 ", "", "-",
            ".", "1.2.3", "12a", "--1", "123456789012345678", "1234567890123456789"})
    void unscaledDecimalsReadFromBytesAgreeWithBigDecimal(String text) {
        byte[] padded = ("x," + text + ",y").getBytes(StandardCharsets.UTF_8);
        Object expected;
        try {
            expected = Coerce.toDecimal(text, 15, 2).unscaledValue().longValueExact();
        } catch (Coerce.Bad e) {
            expected = Coerce.Bad.class;
        }
        Object actual;
        try {
            actual = Coerce.toUnscaled(padded, 2, text.length(), 15, 2);
        } catch (Coerce.Bad e) {
            actual = Coerce.Bad.class;
        }
        assertThat(actual).as(text).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void plainDatesInsideABufferAgreeWithJavaTime() throws Exception {
        for (LocalDate d = LocalDate.of(0, 1, 1); d.getYear() <= 9999; d = d.plusDays(37)) {
            byte[] b = ("a," + d + ",b").getBytes(StandardCharsets.UTF_8);
            assertThat(Coerce.toEpochDay(b, 2, 10)).as(d.toString()).isEqualTo((int) d.toEpochDay());
        }
    }

    /**
     * Numbers read eight bytes at a time, inside a buffer where digits follow each value (as they do in a text
     * column's data), agree with BigDecimal's reading of the same text, for every scale the fast path serves.
     */
    @org.junit.jupiter.api.Test
    void numbersReadByWordsAgreeWithBigDecimal() {
        Random random = new Random(7);
        String alphabet = "0123456789000999.-+ e";
        int[][] types = {{15, 2}, {18, 0}, {10, 4}, {18, 18}, {3, 0}, {18, 9}};
        for (int k = 0; k < 50_000; k++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(23);
            for (int c = 0; c < length; c++) {
                text.append(random.nextInt(4) == 0 ? alphabet.charAt(random.nextInt(alphabet.length()))
                        : (char) ('0' + random.nextInt(10)));
            }
            String s = text.toString();
            byte[] buffer = ("123" + s + "98765432109876543210").getBytes(StandardCharsets.UTF_8);
            int[] type = types[k % types.length];
            Object expected;
            try {
                expected = Coerce.toDecimal(s, type[0], type[1]).unscaledValue().longValueExact();
            } catch (Coerce.Bad e) {
                expected = Coerce.Bad.class;
            }
            Object actual;
            try {
                actual = Coerce.toUnscaled(buffer, 3, s.length(), type[0], type[1]);
            } catch (Coerce.Bad e) {
                actual = Coerce.Bad.class;
            }
            assertThat(actual).as("'%s' as decimal(%d,%d)", s, type[0], type[1]).isEqualTo(expected);
            Object integer;
            try {
                integer = Coerce.toLong(s);
            } catch (Coerce.Bad e) {
                integer = Coerce.Bad.class;
            }
            Object fromBuffer;
            try {
                fromBuffer = Coerce.toLong(buffer, 3, s.length());
            } catch (Coerce.Bad e) {
                fromBuffer = Coerce.Bad.class;
            }
            assertThat(fromBuffer).as("'%s' as an integer", s).isEqualTo(integer);
        }
    }
}
