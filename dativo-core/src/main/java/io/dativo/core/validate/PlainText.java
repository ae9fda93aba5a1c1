package io.dativo.core.validate;

import io.dativo.core.internal.ByteWords;
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
    private static final long ZEROS = 0x3030303030303030L;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long TENS = 0x7676767676767676L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    /** The decimal point, '.', XORed with '0', in each of eight bytes. */
    private static final long POINTS = 0x1E1E1E1E1E1E1E1EL;

    /** The first year of {@link #MONTH_START}. */
    private static final int FIRST_YEAR = 1900;
    /** How many years from {@link #FIRST_YEAR} {@link #MONTH_START} covers. */
    private static final int YEARS = 256;
    /**
     * Days from 1970-01-01 to the first of each month of each year from {@link #FIRST_YEAR}: month {@code m}
     * (1 to 12) of year {@code FIRST_YEAR + y} at {@code y * 16 + m}, and January of the next year at
     * {@code y * 16 + 13}, so a month's length is the difference of two neighbours.
     */
    private static final int[] MONTH_START = new int[YEARS << 4];
    private static final int[] MONTH_DAYS = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    static final long[] POWERS = new long[19];

    static {
        for (int y = 0; y < YEARS; y++) {
            for (int m = 1; m <= 12; m++) {
                MONTH_START[y << 4 | m] = (int) Coerce.epochDay(FIRST_YEAR + y, m, 1);
            }
            MONTH_START[y << 4 | 13] = (int) Coerce.epochDay(FIRST_YEAR + y + 1, 1, 1);
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
        return epochDay((long) LONG.get(b, off), (short) SHORT.get(b, off + 8));
    }

    /**
     * {@link #epochDay(byte[], int, int)} of ten bytes of text: the first eight as a little-endian word, the last two
     * as a little-endian short.
     */
    static long epochDay(long first, short last) {
        long x = first ^ DATE_PATTERN;
        int dd = (last ^ 0x3030) & 0xFFFF;
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
        int y = year - FIRST_YEAR;
        if (y >= 0 && y < YEARS) {
            // the month's first day and its length from one table: no leap-year arithmetic per value
            int at = y << 4 | month;
            int start = MONTH_START[at];
            return day <= MONTH_START[at + 1] - start ? start + day - 1 : NOT_PLAIN;
        }
        boolean leap = (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
        if (day > MONTH_DAYS[month] && !(month == 2 && day == 29 && leap)) {
            return NOT_PLAIN;
        }
        return Coerce.epochDay(year, month, day);
    }

    /**
     * The unscaled value of an optional sign, digits and an optional point with digits after it, at most 18 digits in
     * all and at most {@code scale} after the point, when it has at most {@code precision} digits with that scale.
     * Text of up to {@link #WORD_TEXT} bytes after its sign is read as two words, which needs sixteen bytes of the
     * array after the sign; other text is read byte by byte.
     */
    static long unscaled(byte[] b, int off, int len, int precision, int scale) {
        int i = off;
        int n = len;
        boolean negative = false;
        if (n > 0 && (b[i] == '-' || b[i] == '+')) {
            negative = b[i] == '-';
            i++;
            n--;
        }
        if (n > WORD_TEXT || i > b.length - 2 * Long.BYTES) {
            return unscaledByBytes(b, i, n, negative, precision, scale);
        }
        return unscaled((long) LONG.get(b, i), (long) LONG.get(b, i + Long.BYTES), n, negative, precision, scale);
    }

    /** The longest text, sign excluded, that {@link #unscaled(long, long, int, boolean, int, int)} reads. */
    static final int WORD_TEXT = 2 * Long.BYTES;

    /**
     * {@link #unscaled(byte[], int, int, int, int)} of {@code len} bytes of text after its sign, at most
     * {@link #WORD_TEXT}: the first eight bytes as the little-endian word {@code first}, the next eight as
     * {@code second}; bytes past {@code len} may hold anything. Which bytes are digits and which is the point is
     * found for all sixteen at once, the point is taken out by shifting the bytes after it down, and the digits are
     * combined eight at a time: no branch depends on a byte's value.
     */
    static long unscaled(long first, long second, int len, boolean negative, int precision, int scale) {
        if (len <= Long.BYTES) {
            return unscaled(first, len, negative, precision, scale);
        }
        if (len > WORD_TEXT) {
            return NOT_PLAIN;
        }
        // bytes past the text become digit zeros, which the tests below pass over and the digits' value never reads
        long lo = first ^ ZEROS;
        long hi = (second ^ ZEROS) & -1L >>> (Long.SIZE * 2 - Byte.SIZE * len);
        long pointLo = ByteWords.zeroBytes(lo ^ POINTS);
        long pointHi = ByteWords.zeroBytes(hi ^ POINTS);
        if ((notDigits(lo) ^ pointLo | notDigits(hi) ^ pointHi) != 0
                || Long.bitCount(pointLo) + Long.bitCount(pointHi) > 1) {
            return NOT_PLAIN;
        }
        int digits = len;
        int fraction = 0;
        if ((pointLo | pointHi) != 0) {
            int point = pointLo != 0 ? ByteWords.firstMarked(pointLo) : Long.BYTES + ByteWords.firstMarked(pointHi);
            digits = len - 1;
            fraction = len - 1 - point;
            if (point < Long.BYTES) {
                int bits = Byte.SIZE * point;
                lo = lo & ~(-1L << bits) | lo >>> Byte.SIZE >>> bits << bits | hi << (Long.SIZE - Byte.SIZE);
                hi >>>= Byte.SIZE;
            } else {
                int bits = Byte.SIZE * (point - Long.BYTES);
                hi = hi & ~(-1L << bits) | hi >>> Byte.SIZE >>> bits << bits;
            }
        }
        long v = digits == Long.BYTES ? digitsValue(lo, Long.BYTES)
                : digitsValue(lo, Long.BYTES) * POWERS[digits - Long.BYTES] + digitsValue(hi, digits - Long.BYTES);
        return unscaledValue(v, negative, true, digits, fraction, precision, scale);
    }

    /**
     * {@link #unscaled(long, long, int, boolean, int, int)} of text of at most eight bytes, all in {@code word}: the
     * form of nearly every number, read with half the work.
     */
    static long unscaled(long word, int len, boolean negative, int precision, int scale) {
        if (len < 1) {
            return NOT_PLAIN;
        }
        long x = (word ^ ZEROS) & -1L >>> (Long.SIZE - Byte.SIZE * len);
        long point = ByteWords.zeroBytes(x ^ POINTS);
        if (notDigits(x) != point || (point & point - 1) != 0) {
            return NOT_PLAIN;
        }
        int digits = len;
        int fraction = 0;
        if (point != 0) {
            if (len == 1) {
                return NOT_PLAIN;
            }
            int at = ByteWords.firstMarked(point);
            digits = len - 1;
            fraction = digits - at;
            int bits = Byte.SIZE * at;
            x = x & ~(-1L << bits) | x >>> Byte.SIZE >>> bits << bits;
        }
        return unscaledValue(digitsValue(x, digits), negative, true, digits, fraction, precision, scale);
    }

    /** {@link #unscaled(byte[], int, int, int, int)} read one byte at a time, after the sign. */
    private static long unscaledByBytes(byte[] b, int off, int len, boolean negative, int precision, int scale) {
        int end = off + len;
        int i = off;
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
        return unscaledValue(v, negative, i == end, whole + fraction, fraction, precision, scale);
    }

    /**
     * The unscaled value of {@code digits} digits read as {@code v}, {@code fraction} of them after the point, or
     * {@link #NOT_PLAIN} when the text went on after them, had no digit, or does not fit.
     */
    private static long unscaledValue(long v, boolean negative, boolean atEnd, int digits, int fraction,
                                      int precision, int scale) {
        if (!atEnd || digits == 0 || digits > 18 || fraction > scale) {
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

    /**
     * The high bit of each byte of {@code t}, a word of text XORed with eight '0's, that is not a digit: a byte is a
     * digit where it is below 10 after the XOR, and adding 0x76 to its low seven bits sets the high bit from 10 up
     * (never carrying into the next byte), while bytes from 0x80 have it set already.
     */
    private static long notDigits(long t) {
        return ((t & LOW7) + TENS | t) & HIGH_BITS;
    }

    /**
     * The number the first {@code n} (1 to 8) bytes of {@code t}, digits from 0 to 9, write, the first byte the
     * most significant: shifted so that zeros lead, then pairs, quads and halves combined by three multiplications.
     */
    private static long digitsValue(long t, int n) {
        long x = t << (Long.SIZE - Byte.SIZE * n);
        x = (x * 10 + (x >>> 8)) & 0x00FF00FF00FF00FFL;
        x = (x * 100 + (x >>> 16)) & 0x0000FFFF0000FFFFL;
        return (x * 10_000 + (x >>> 32)) & 0xFFFFFFFFL;
    }
}
