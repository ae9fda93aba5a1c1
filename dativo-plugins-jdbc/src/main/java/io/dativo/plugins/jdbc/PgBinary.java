package io.dativo.plugins.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * PostgreSQL's binary COPY format: the file header, and the wire forms of {@code numeric}, dates and timestamps,
 * which count from 2000-01-01 where Arrow counts from 1970-01-01.
 */
final class PgBinary {

    /** The signature, flags and header-extension length that open a binary COPY stream. */
    static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0,
        0, 0};
    /** Days from 1970-01-01 to 2000-01-01. */
    static final int EPOCH_DAYS = 10_957;
    /** Microseconds from 1970-01-01 to 2000-01-01. */
    static final long EPOCH_MICROS = EPOCH_DAYS * 86_400_000_000L;

    /** What {@link #numericUnscaled} answers when the value needs the {@link BigDecimal} path. */
    static final long NOT_A_LONG = Long.MIN_VALUE;

    private static final int NUMERIC_NEG = 0x4000;
    private static final int NUMERIC_NAN = 0xC000;
    private static final int NUMERIC_PINF = 0xD000;
    private static final int NUMERIC_NINF = 0xF000;
    /** 10 to the powers 0 to 18, all that a long holds. */
    private static final long[] POWERS_OF_TEN = new long[19];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private static final BigInteger TEN_THOUSAND = BigInteger.valueOf(10_000);

    private PgBinary() {
    }

    static short i16(byte[] b, int p) {
        return (short) ((b[p] & 0xff) << 8 | b[p + 1] & 0xff);
    }

    static int i32(byte[] b, int p) {
        return (b[p] & 0xff) << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | b[p + 3] & 0xff;
    }

    static long i64(byte[] b, int p) {
        return (long) i32(b, p) << 32 | i32(b, p + 4) & 0xffffffffL;
    }

    /**
     * The {@code numeric} at {@code p}, or {@code null} for NaN and the infinities, which have no decimal value;
     * {@code special} receives their name.
     */
    static BigDecimal numeric(byte[] b, int p, String[] special) {
        int n = i16(b, p);
        int weight = i16(b, p + 2);
        int sign = i16(b, p + 4) & 0xffff;
        if (sign == NUMERIC_NAN || sign == NUMERIC_PINF || sign == NUMERIC_NINF) {
            special[0] = sign == NUMERIC_NAN ? "NaN" : sign == NUMERIC_PINF ? "Infinity" : "-Infinity";
            return null;
        }
        int at = p + 8;
        BigDecimal unscaled;
        if (n <= 4) {
            long v = 0;
            for (int i = 0; i < n; i++) {
                v = v * 10_000 + i16(b, at + 2 * i);
            }
            unscaled = BigDecimal.valueOf(v);
        } else {
            BigInteger v = BigInteger.ZERO;
            for (int i = 0; i < n; i++) {
                v = v.multiply(TEN_THOUSAND).add(BigInteger.valueOf(i16(b, at + 2 * i)));
            }
            unscaled = new BigDecimal(v);
        }
        BigDecimal value = unscaled.scaleByPowerOfTen(4 * (weight - n + 1));
        return sign == NUMERIC_NEG ? value.negate() : value;
    }

    /**
     * The {@code numeric} at {@code p} as an unscaled value at {@code scale}, or {@link #NOT_A_LONG} when that
     * takes the {@link BigDecimal} path: NaN and the infinities, more than 16 significant digits, digits beyond
     * {@code scale}, or an unscaled value of {@code bound} or more in magnitude. The digits are base 10,000, so
     * the value is their integer times 10,000 to the power {@code weight - ndigits + 1}.
     *
     * <p>This runs for every numeric value a COPY reads, so it avoids 64-bit division, which costs tens of cycles:
     * when the last base-10,000 digit reaches one to three decimal places beyond {@code scale} (a money column's
     * {@code 0.04} at scale 2 is the digit 400 at 10,000 to the power -1), only that digit is divided, by a constant
     * the compiler turns into a multiplication; overflow is checked with a high multiply.
     */
    static long numericUnscaled(byte[] b, int p, int scale, long bound) {
        int n = i16(b, p);
        int sign = i16(b, p + 4) & 0xffff;
        if (n > 4 || sign != 0 && sign != NUMERIC_NEG) {
            return NOT_A_LONG;
        }
        if (n == 0) {
            return 0;
        }
        long leading = 0;
        int at = p + 8;
        for (int i = 1; i < n; i++, at += 2) {
            leading = leading * 10_000 + i16(b, at);
        }
        int last = i16(b, at);
        int exponent = 4 * (i16(b, p + 2) - n + 1) + scale;
        long unscaled;
        if (exponent >= 0) {
            if (exponent >= POWERS_OF_TEN.length) {
                return NOT_A_LONG;
            }
            long digits = leading * 10_000 + last;
            long power = POWERS_OF_TEN[exponent];
            unscaled = digits * power;
            if (Math.multiplyHigh(digits, power) != 0 || unscaled < 0) {
                return NOT_A_LONG;
            }
        } else {
            switch (exponent) {
                case -1 -> {
                    if (last % 10 != 0) {
                        return NOT_A_LONG;
                    }
                    unscaled = leading * 1_000 + last / 10;
                }
                case -2 -> {
                    if (last % 100 != 0) {
                        return NOT_A_LONG;
                    }
                    unscaled = leading * 100 + last / 100;
                }
                case -3 -> {
                    if (last % 1_000 != 0) {
                        return NOT_A_LONG;
                    }
                    unscaled = leading * 10 + last / 1_000;
                }
                default -> {
                    long digits = leading * 10_000 + last;
                    if (-exponent >= POWERS_OF_TEN.length || digits % POWERS_OF_TEN[-exponent] != 0) {
                        return NOT_A_LONG;
                    }
                    unscaled = digits / POWERS_OF_TEN[-exponent];
                }
            }
        }
        if (unscaled >= bound) {
            return NOT_A_LONG;
        }
        return sign == NUMERIC_NEG ? -unscaled : unscaled;
    }

    /** The smallest unscaled value that no longer fits {@code precision} digits, at most {@link Long#MAX_VALUE}. */
    static long unscaledBound(int precision) {
        return precision < POWERS_OF_TEN.length ? POWERS_OF_TEN[precision] : Long.MAX_VALUE;
    }

    /** Appends {@code d} in the binary form of {@code numeric}, display scale its scale. */
    static void numeric(BigDecimal d, Buffer out) {
        BigDecimal a = d.abs();
        if (a.scale() < 0) {
            a = a.setScale(0);
        }
        int scale = a.scale();
        String digits = a.unscaledValue().toString();
        int intLen = digits.length() - scale;
        String intPart = intLen > 0 ? digits.substring(0, intLen) : "";
        String frac = intLen >= 0 ? digits.substring(intLen) : "0".repeat(-intLen) + digits;
        intPart = "0".repeat((4 - intPart.length() % 4) % 4) + intPart;
        frac = frac + "0".repeat((4 - frac.length() % 4) % 4);
        String all = intPart + frac;
        int groups = all.length() / 4;
        int first = 0;
        int last = groups;
        int weight = intPart.length() / 4 - 1;
        while (first < last && all.startsWith("0000", first * 4)) {
            first++;
            weight--;
        }
        while (last > first && all.startsWith("0000", (last - 1) * 4)) {
            last--;
        }
        int n = last - first;
        out.i32(8 + 2 * n);
        out.i16(n);
        out.i16(n == 0 ? 0 : weight);
        out.i16(n == 0 || d.signum() >= 0 ? 0 : NUMERIC_NEG);
        out.i16(scale);
        for (int g = first; g < last; g++) {
            out.i16(Integer.parseInt(all, g * 4, g * 4 + 4, 10));
        }
    }

    /** A growable byte buffer for rows in the binary COPY format. */
    static final class Buffer {
        byte[] bytes = new byte[1 << 16];
        int size;

        void ensure(int n) {
            if (size + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + n));
            }
        }

        void i16(int v) {
            ensure(2);
            bytes[size++] = (byte) (v >>> 8);
            bytes[size++] = (byte) v;
        }

        void i32(int v) {
            ensure(4);
            bytes[size++] = (byte) (v >>> 24);
            bytes[size++] = (byte) (v >>> 16);
            bytes[size++] = (byte) (v >>> 8);
            bytes[size++] = (byte) v;
        }

        void i64(long v) {
            i32((int) (v >>> 32));
            i32((int) v);
        }

        void put(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        void put(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }
    }
}
