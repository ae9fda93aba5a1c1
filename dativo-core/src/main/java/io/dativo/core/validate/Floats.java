package io.dativo.core.validate;

import java.util.Locale;

/** Reads floating-point numbers from text by the contract's rules, stricter than Java's parser. */
final class Floats {

    private Floats() {
    }

    /**
     * {@code s} as a double: a decimal number with an optional exponent ({@code -1.5e3}), or {@code NaN},
     * {@code Infinity}, {@code inf} with an optional sign, in any case, as PostgreSQL and DuckDB read them. A finite
     * number beyond the double's range, or one so small that it would read as zero, is out of range; hexadecimal
     * ({@code 0x1p3}) and Java's type suffixes ({@code 1d}) are not numbers.
     */
    static double toDouble(String s) throws Coerce.Bad {
        String t = s.trim();
        Double special = special(t);
        if (special != null) {
            return special;
        }
        double d = parseDecimal(t);
        if (Double.isInfinite(d) || d == 0 && nonZero(t)) {
            throw new Coerce.Bad("'" + t + "' is out of the range of a double");
        }
        return d;
    }

    /** {@code s} as a float, read as {@link #toDouble(String)} reads a double, out of range beyond the float's. */
    static float toFloat(String s) throws Coerce.Bad {
        String t = s.trim();
        Double special = special(t);
        if (special != null) {
            return special.floatValue();
        }
        double d = parseDecimal(t);
        float f = (float) d;
        if (Float.isInfinite(f) || f == 0 && nonZero(t)) {
            throw new Coerce.Bad("'" + t + "' is out of the range of a float");
        }
        return f;
    }

    /** NaN or an infinity spelled out, or null. */
    private static Double special(String t) {
        String u = t.toLowerCase(Locale.ROOT);
        boolean negative = u.startsWith("-");
        String body = negative || u.startsWith("+") ? u.substring(1) : u;
        return switch (body) {
            case "nan" -> Double.NaN;
            case "inf", "infinity" -> negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            default -> null;
        };
    }

    /** A plain decimal number with an optional exponent, checked before Java's parser, which takes more forms. */
    private static double parseDecimal(String t) throws Coerce.Bad {
        int i = 0;
        int n = t.length();
        if (i < n && (t.charAt(i) == '-' || t.charAt(i) == '+')) {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(t.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && t.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(t.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits > 0 && i < n && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
            i++;
            if (i < n && (t.charAt(i) == '-' || t.charAt(i) == '+')) {
                i++;
            }
            int exponent = 0;
            while (i < n && isDigit(t.charAt(i))) {
                i++;
                exponent++;
            }
            if (exponent == 0) {
                digits = 0;
            }
        }
        if (digits == 0 || i != n) {
            throw new Coerce.Bad("'" + t + "' is not a number");
        }
        return Double.parseDouble(t);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Whether the mantissa of a checked decimal number has a digit other than zero. */
    private static boolean nonZero(String t) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == 'e' || c == 'E') {
                return false;
            }
            if (c >= '1' && c <= '9') {
                return true;
            }
        }
        return false;
    }
}
