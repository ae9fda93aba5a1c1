package io.dativo.core.validate;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The plain forms of integers, decimals and dates read straight from their UTF-8 bytes, with no string and no
 * object per value: the forms nearly every CSV file holds. Each method returns {@link #NOT_PLAIN} for any other
 * text, which {@link Coerce} then reads the general way (and explains when it does not fit).
 */
final class PlainText {

    /** What a method returns for text that is not in its plain form; never a value any of them returns. */
    static final long NOT_PLAIN = Long.MIN_VALUE;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class,
            ByteOrder.LITTLE_ENDIAN);

    /** {@code YYYY-MM-} as eight little-endian bytes, digits as '0'. */
    private static final long DATE_PATTERN = 0x2D30302D30303030L;
    /** The bytes of {@link #DATE_PATTERN} that must equal it exactly: the two dashes. */
    private static final long DASHES = 0xFF0000FF00000000L;
    private static final long HIGH_NIBBLES = 0xF0F0F0F0F0F0F0F0L;
    private static final long SIXES = 0x0606060606060606L;

    /** The first year of {@link #JANUARY_FIRST}. */
    private static final int FIRST_YEAR = 1900;
    /** Days from 1970-01-01 to January 1 of each year from {@link #FIRST_YEAR}, for 256 years. */
    private static final int[] JANUARY_FIRST = new int[256];
    /** Days of a common year before the first of each month, 1-based. */
    private static final int[] BEFORE_MONTH = {0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    private static final int[] MONTH_DAYS = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    static final long[] POWERS = new long[19];

    static {
        for (int y = 0; y < JANUARY_FIRST.length; y++) {
            JANUARY_FIRST[y] = (int) Coerce.epochDay(FIRST_YEAR + y, 1, 1);
        }
        POWERS[0] = 1;
        for (int i = 1; i < POWERS.length; i++) {
            POWERS[i] = POWERS[i - 1] * 10;
        }
    }

    private PlainText() {
    }

    /** Optional sign and at most 18 digits (a point after them allowed): the integer they write. */
    static long integer(byte[] b, int off, int len) {
        return unscaled(b, off, len, 18, 0);
    }

    /**
     * Days since 1970-01-01 of a {@code YYYY-MM-DD} date that exists: the ten bytes are checked as two words, eight
     * digits and two dashes at once.
     */
    static long epochDay(byte[] b, int off, int len) {
        if (len != 10) {
            return NOT_PLAIN;
        }
        long x = (long) LONG.get(b, off) ^ DATE_PATTERN;
        int dd = ((short) SHORT.get(b, off + 8) ^ 0x3030) & 0xFFFF;
        if ((x & DASHES) != 0 || ((x | x + SIXES) & HIGH_NIBBLES) != 0
                || ((dd | dd + 0x0606) & 0xF0F0) != 0) {
            return NOT_PLAIN;
        }
        int year = (int) (x & 0xF) * 1000 + (int) (x >>> 8 & 0xF) * 100 + (int) (x >>> 16 & 0xF) * 10
                + (int) (x >>> 24 & 0xF);
        int month = (int) (x >>> 40 & 0xF) * 10 + (int) (x >>> 48 & 0xF);
        int day = (dd & 0xF) * 10 + (dd >>> 8);
        if (month < 1 || month > 12 || day < 1) {
            return NOT_PLAIN;
        }
        boolean leap = (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
        if (day > MONTH_DAYS[month] && !(month == 2 && day == 29 && leap)) {
            return NOT_PLAIN;
        }
        int y = year - FIRST_YEAR;
        if (y < 0 || y >= JANUARY_FIRST.length) {
            return Coerce.epochDay(year, month, day);
        }
        return JANUARY_FIRST[y] + BEFORE_MONTH[month] + (leap && month > 2 ? 1 : 0) + day - 1;
    }

    /**
     * The unscaled value of an optional sign, digits and an optional point with digits after it, at most 18 digits in
     * all and at most {@code scale} after the point, when it has at most {@code precision} digits with that scale.
     */
    static long unscaled(byte[] b, int off, int len, int precision, int scale) {
        int end = off + len;
        int i = off;
        boolean negative = false;
        if (len > 0 && (b[off] == '-' || b[off] == '+')) {
            negative = b[off] == '-';
            i++;
        }
        int from = i;
        long v = 0;
        int d;
        while (i < end && (d = b[i] - '0') >= 0 && d <= 9) {
            v = v * 10 + d;
            i++;
        }
        int whole = i - from;
        int fraction = 0;
        if (i < end && b[i] == '.') {
            int point = ++i;
            while (i < end && (d = b[i] - '0') >= 0 && d <= 9) {
                v = v * 10 + d;
                i++;
            }
            fraction = i - point;
        }
        int digits = whole + fraction;
        if (i != end || digits == 0 || digits > 18 || fraction > scale) {
            return NOT_PLAIN;
        }
        // v * 10^(scale - fraction) < 10^precision, checked before multiplying so nothing overflows
        int limit = precision - scale + fraction;
        if (limit < 0 || limit <= 18 && v >= POWERS[limit]) {
            return NOT_PLAIN;
        }
        v *= POWERS[scale - fraction];
        return negative ? -v : v;
    }
}
