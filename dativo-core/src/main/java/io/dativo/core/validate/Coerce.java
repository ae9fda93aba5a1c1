package io.dativo.core.validate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Turns text into typed values with the coercion rules of the data contract. Each method throws {@link Bad}. */
public final class Coerce {

    private static final long MICROS_PER_DAY = 86_400_000_000L;

    /** A value that does not fit its type; the message says why. */
    public static final class Bad extends Exception {
        Bad(String message) {
            super(message, null, false, false);
        }
    }

    private Coerce() {
    }

    /** A 64-bit integer. {@code 2.0} is accepted, {@code 1.5} is not: no silent truncation. */
    public static long toLong(String s) throws Bad {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return toLong(b, 0, b.length);
    }

    /** {@link #toLong(String)} on UTF-8 bytes; plain digits are parsed without creating a string. */
    static long toLong(byte[] b, int off, int len) throws Bad {
        long v = PlainText.integer(b, off, len);
        return v != PlainText.NOT_PLAIN ? v : toLongSlowly(text(b, off, len));
    }

    /** Blanks, fractions of zero ({@code 2.00}), exponents and numbers of more than 18 digits. */
    private static long toLongSlowly(String s) throws Bad {
        String t = s.trim();
        if (t.isEmpty()) {
            throw new Bad("empty text is not an integer");
        }
        try {
            BigDecimal d = new BigDecimal(t);
            try {
                return d.longValueExact();
            } catch (ArithmeticException e) {
                throw new Bad(d.stripTrailingZeros().scale() > 0 ? "'" + t + "' has a fraction; an integer cannot hold it"
                        : "'" + t + "' is out of the 64-bit integer range");
            }
        } catch (NumberFormatException e) {
            throw new Bad("'" + t + "' is not an integer");
        }
    }

    /** {@code s} as a double; see {@link Floats#toDouble(String)}. */
    public static double toDouble(String s) throws Bad {
        return Floats.toDouble(s);
    }

    /** {@code s} as a float; see {@link Floats#toFloat(String)}. */
    public static float toFloat(String s) throws Bad {
        return Floats.toFloat(s);
    }

    /** A decimal with at most {@code precision} digits, of which {@code scale} after the point; never rounded. */
    static BigDecimal toDecimal(String s, int precision, int scale) throws Bad {
        String t = s.trim();
        BigDecimal d;
        try {
            d = new BigDecimal(t);
        } catch (NumberFormatException e) {
            throw new Bad("'" + t + "' is not a decimal number");
        }
        // Exponents are refused or reduced before setScale, which would otherwise write out their powers of ten:
        // "1e999999999" has too many digits whatever its scale, and "1e-999999999" keeps its fraction once the
        // trailing zeros any fraction may have are gone.
        if (d.scale() < 0 && d.signum() != 0 && d.precision() - (long) d.scale() + scale > precision) {
            throw new Bad("'" + t + "' has more than " + precision + " digits");
        }
        if (d.scale() > scale) {
            d = d.stripTrailingZeros();
            if (d.scale() > scale) {
                throw new Bad("'" + t + "' has more than " + scale + " digits after the point");
            }
        }
        try {
            d = d.setScale(scale, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new Bad("'" + t + "' has more than " + scale + " digits after the point");
        }
        if (d.precision() > precision) {
            throw new Bad("'" + t + "' has more than " + precision + " digits");
        }
        return d;
    }

    static boolean toBoolean(String s) throws Bad {
        switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "t", "1", "yes", "y", "on":
                return true;
            case "false", "f", "0", "no", "n", "off":
                return false;
            default:
                throw new Bad("'" + s.trim() + "' is not a boolean (true/false/1/0/yes/no/on/off)");
        }
    }

    /** Days since 1970-01-01. Accepts {@code YYYY-MM-DD}, and a timestamp at midnight. */
    public static int toEpochDay(String s) throws Bad {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return toEpochDay(b, 0, b.length);
    }

    static int toEpochDay(byte[] b, int off, int len) throws Bad {
        long plain = PlainText.epochDay(b, off, len);
        if (plain != PlainText.NOT_PLAIN) {
            return (int) plain;
        }
        long micros = parseTimestamp(new Cursor(b, off, len), "date");
        if (Math.floorMod(micros, MICROS_PER_DAY) != 0) {
            throw new Bad("'" + text(b, off, len) + "' has a time of day; a date cannot hold it");
        }
        return (int) Math.floorDiv(micros, MICROS_PER_DAY);
    }

    /** Microseconds since the epoch in UTC; text without an offset is UTC. */
    public static long toEpochMicros(String s) throws Bad {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return toEpochMicros(b, 0, b.length);
    }

    static long toEpochMicros(byte[] b, int off, int len) throws Bad {
        return parseTimestamp(new Cursor(b, off, len), "timestamp");
    }

    /** Microseconds since midnight; {@code HH:MM[:SS[.fraction]]}. */
    static long toTimeMicros(String s) throws Bad {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        Cursor c = new Cursor(b, 0, b.length);
        long micros = c.timeOfDay("time");
        if (!c.atEnd()) {
            throw c.bad("time");
        }
        return micros;
    }

    /**
     * The unscaled value of a decimal with at most {@code precision <= 18} digits, of which {@code scale} after the
     * point; plain ones ({@code -123.45}) are read from the bytes, anything else through
     * {@link #toDecimal(String, int, int)}.
     */
    static long toUnscaled(byte[] b, int off, int len, int precision, int scale) throws Bad {
        long v = PlainText.unscaled(b, off, len, precision, scale);
        return v != PlainText.NOT_PLAIN ? v
                : toDecimal(text(b, off, len), precision, scale).unscaledValue().longValueExact();
    }

    static String text(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.UTF_8);
    }

    static byte[] toBinary(String s) throws Bad {
        try {
            return Base64.getDecoder().decode(s.trim());
        } catch (IllegalArgumentException e) {
            throw new Bad("binary values must be base64: " + e.getMessage());
        }
    }

    /** {@code YYYY-MM-DD[(T| )HH:MM[:SS[.f{1,9}]]][Z|(+|-)HH[:MM]]}, surrounding blanks allowed. */
    private static long parseTimestamp(Cursor c, String what) throws Bad {
        long day;
        int year = c.digits(4, what);
        c.expect('-', what);
        int month = c.digits(2, what);
        c.expect('-', what);
        int dayOfMonth = c.digits(2, what);
        if (month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > 28 && dayOfMonth > lengthOfMonth(year, month)) {
            throw new Bad("'" + c.text() + "' is not a valid " + what + ": no such day");
        }
        day = epochDay(year, month, dayOfMonth);
        long micros = day * MICROS_PER_DAY;
        if (c.atEnd()) {
            return micros;
        }
        byte sep = c.next();
        if (sep != 'T' && sep != ' ' && sep != 't') {
            throw c.bad(what);
        }
        micros += c.timeOfDay(what);
        if (c.atEnd()) {
            return micros;
        }
        byte z = c.peek();
        if (z == ' ') {
            c.next();
            if (c.atEnd()) {
                throw c.bad(what);
            }
            z = c.peek();
        }
        if (z == 'Z' || z == 'z') {
            c.next();
        } else if (z == '+' || z == '-') {
            c.next();
            int hh = c.digits(2, what);
            int mm = 0;
            if (!c.atEnd()) {
                if (c.peek() == ':') {
                    c.next();
                }
                mm = c.digits(2, what);
            }
            if (hh > 18 || mm > 59) {
                throw c.bad(what);
            }
            long offset = (hh * 3600L + mm * 60L) * 1_000_000L;
            micros -= z == '+' ? offset : -offset;
        } else if (c.remaining() == 3 && (c.peek() == 'U' || c.peek() == 'u')) {
            String rest = c.rest();
            if (!rest.equalsIgnoreCase("UTC")) {
                throw c.bad(what);
            }
        }
        if (!c.atEnd()) {
            throw c.bad(what);
        }
        return micros;
    }

    /** Days since 1970-01-01 of a valid proleptic Gregorian date, by Hinnant's days-from-civil. */
    static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    private static int lengthOfMonth(int year, int month) {
        return month == 2 ? (java.time.Year.isLeap(year) ? 29 : 28) : month == 4 || month == 6 || month == 9
                || month == 11 ? 30 : 31;
    }

    /** Reads ASCII syntax from UTF-8 bytes, ignoring blanks at both ends. */
    private static final class Cursor {
        final byte[] b;
        final int start;
        int pos;
        int end;

        Cursor(byte[] b, int off, int len) {
            this.b = b;
            int s = off;
            int e = off + len;
            while (s < e && (b[s] == ' ' || b[s] == '\t')) {
                s++;
            }
            while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t')) {
                e--;
            }
            this.start = s;
            this.pos = s;
            this.end = e;
        }

        String text() {
            return Coerce.text(b, start, end - start);
        }

        String rest() {
            String r = Coerce.text(b, pos, end - pos);
            pos = end;
            return r;
        }

        int remaining() {
            return end - pos;
        }

        boolean atEnd() {
            return pos >= end;
        }

        byte peek() {
            return b[pos];
        }

        byte next() {
            return b[pos++];
        }

        Bad bad(String what) {
            return new Bad("'" + text() + "' is not a " + what + " (" + (what.equals("date") ? "YYYY-MM-DD"
                    : what.equals("time") ? "HH:MM:SS[.ffffff]" : "YYYY-MM-DD[ HH:MM:SS[.ffffff]][offset]") + ")");
        }

        int digits(int count, String what) throws Bad {
            if (pos + count > end) {
                throw bad(what);
            }
            int v = 0;
            for (int k = 0; k < count; k++) {
                int d = b[pos++] - '0';
                if (d < 0 || d > 9) {
                    throw bad(what);
                }
                v = v * 10 + d;
            }
            return v;
        }

        void expect(char ch, String what) throws Bad {
            if (atEnd() || next() != ch) {
                throw bad(what);
            }
        }

        long timeOfDay(String what) throws Bad {
            int hh = digits(2, what);
            expect(':', what);
            int mm = digits(2, what);
            int ss = 0;
            long fraction = 0;
            if (!atEnd() && peek() == ':') {
                next();
                ss = digits(2, what);
                if (!atEnd() && (peek() == '.' || peek() == ',')) {
                    next();
                    int n = 0;
                    while (!atEnd() && peek() >= '0' && peek() <= '9') {
                        byte c = next();
                        if (n < 6) {
                            fraction = fraction * 10 + (c - '0');
                        } else if (n >= 9) {
                            throw bad(what);
                        }
                        n++;
                    }
                    if (n == 0) {
                        throw bad(what);
                    }
                    for (int k = Math.min(n, 6); k < 6; k++) {
                        fraction *= 10;
                    }
                }
            }
            if (hh > 23 || mm > 59 || ss > 59) {
                throw new Bad("'" + text() + "' has a time of day out of range");
            }
            return ((hh * 60L + mm) * 60L + ss) * 1_000_000L + fraction;
        }
    }
}
