package io.dativo.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Base64;

/** Turns text into typed values with the coercion rules of the data contract. Each method throws {@link Bad}. */
final class Coerce {

    private static final long MICROS_PER_DAY = 86_400_000_000L;

    /** A value that does not fit its type; the message says why. */
    static final class Bad extends Exception {
        Bad(String message) {
            super(message, null, false, false);
        }
    }

    private Coerce() {
    }

    /** A 64-bit integer. {@code 2.0} is accepted, {@code 1.5} is not: no silent truncation. */
    static long toLong(String s) throws Bad {
        String t = s.trim();
        int n = t.length();
        if (n == 0) {
            throw new Bad("empty text is not an integer");
        }
        int i = t.charAt(0) == '-' || t.charAt(0) == '+' ? 1 : 0;
        if (i < n && n - i <= 18) {
            long v = 0;
            boolean digits = true;
            for (int k = i; k < n; k++) {
                char c = t.charAt(k);
                if (c < '0' || c > '9') {
                    digits = false;
                    break;
                }
                v = v * 10 + (c - '0');
            }
            if (digits) {
                return t.charAt(0) == '-' ? -v : v;
            }
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

    static double toDouble(String s) throws Bad {
        String t = s.trim();
        if (t.isEmpty() || Character.isLetter(t.charAt(t.length() - 1)) && !t.endsWith("Infinity") && !t.equals("NaN")) {
            throw new Bad("'" + t + "' is not a number");
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new Bad("'" + t + "' is not a number");
        }
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
    static int toEpochDay(String s) throws Bad {
        String t = s.trim();
        long micros = parseTimestamp(t, "date");
        if (Math.floorMod(micros, MICROS_PER_DAY) != 0) {
            throw new Bad("'" + t + "' has a time of day; a date cannot hold it");
        }
        return (int) Math.floorDiv(micros, MICROS_PER_DAY);
    }

    /** Microseconds since the epoch in UTC; text without an offset is UTC. */
    static long toEpochMicros(String s) throws Bad {
        return parseTimestamp(s.trim(), "timestamp");
    }

    /** Microseconds since midnight; {@code HH:MM[:SS[.fraction]]}. */
    static long toTimeMicros(String s) throws Bad {
        String t = s.trim();
        Cursor c = new Cursor(t);
        long micros = c.timeOfDay("time");
        if (!c.atEnd()) {
            throw new Bad("'" + t + "' is not a time (HH:MM:SS[.ffffff])");
        }
        return micros;
    }

    static byte[] toBinary(String s) throws Bad {
        try {
            return Base64.getDecoder().decode(s.trim());
        } catch (IllegalArgumentException e) {
            throw new Bad("binary values must be base64: " + e.getMessage());
        }
    }

    /** {@code YYYY-MM-DD[(T| )HH:MM[:SS[.f{1,9}]]][Z|(+|-)HH[:MM]]}. */
    private static long parseTimestamp(String t, String what) throws Bad {
        Cursor c = new Cursor(t);
        long day;
        try {
            int year = c.digits(4, what);
            c.expect('-', what);
            int month = c.digits(2, what);
            c.expect('-', what);
            int dayOfMonth = c.digits(2, what);
            day = LocalDate.of(year, month, dayOfMonth).toEpochDay();
        } catch (DateTimeException e) {
            throw new Bad("'" + t + "' is not a valid " + what + ": " + e.getMessage());
        }
        long micros = day * MICROS_PER_DAY;
        if (c.atEnd()) {
            return micros;
        }
        char sep = c.next();
        if (sep != 'T' && sep != ' ' && sep != 't') {
            throw c.bad(what);
        }
        micros += c.timeOfDay(what);
        if (c.atEnd()) {
            return micros;
        }
        char z = c.peek();
        if (z == ' ') {
            c.next();
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
        } else if (t.regionMatches(true, c.pos, "UTC", 0, 3) && c.pos + 3 == t.length()) {
            c.pos += 3;
        }
        if (!c.atEnd()) {
            throw c.bad(what);
        }
        return micros;
    }

    private static final class Cursor {
        final String t;
        int pos;

        Cursor(String t) {
            this.t = t;
        }

        boolean atEnd() {
            return pos >= t.length();
        }

        char peek() {
            return t.charAt(pos);
        }

        char next() {
            return t.charAt(pos++);
        }

        Bad bad(String what) {
            return new Bad("'" + t + "' is not a " + what + " (" + (what.equals("date") ? "YYYY-MM-DD"
                    : what.equals("time") ? "HH:MM:SS[.ffffff]" : "YYYY-MM-DD[ HH:MM:SS[.ffffff]][offset]") + ")");
        }

        int digits(int count, String what) throws Bad {
            if (pos + count > t.length()) {
                throw bad(what);
            }
            int v = 0;
            for (int k = 0; k < count; k++) {
                char c = t.charAt(pos++);
                if (c < '0' || c > '9') {
                    throw bad(what);
                }
                v = v * 10 + (c - '0');
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
                    while (!atEnd() && Character.isDigit(peek())) {
                        char c = next();
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
                throw new Bad("'" + t + "' has a time of day out of range");
            }
            return ((hh * 60L + mm) * 60L + ss) * 1_000_000L + fraction;
        }
    }
}
