package io.dativo.core.vector;

import static io.dativo.core.internal.ByteWords.LONG;

import java.nio.charset.StandardCharsets;

/**
 * Checks of UTF-8 text held as bytes. Text is scanned eight bytes at a time while it is ASCII, which is most text,
 * and decoded byte by byte only from the first byte with the high bit set. Valid means well-formed as the Unicode
 * standard defines it: no overlong forms, no surrogates, nothing above U+10FFFF, no truncated sequence.
 */
public final class Utf8 {

    private static final long HIGH_BITS = 0x8080808080808080L;

    private Utf8() {
    }

    /** Where the first non-ASCII byte of the range is, or {@code off + len} when there is none. */
    public static int firstNonAscii(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        // two words a step: one test of the high bits for sixteen bytes, and the byte is found below when one is set
        for (; i + 16 <= end; i += 16) {
            if ((((long) LONG.get(b, i) | (long) LONG.get(b, i + 8)) & HIGH_BITS) != 0) {
                break;
            }
        }
        if (i + 8 <= end && ((long) LONG.get(b, i) & HIGH_BITS) == 0) {
            i += 8;
        }
        for (; i < end; i++) {
            if (b[i] < 0) {
                return i;
            }
        }
        return end;
    }

    /** Where the first byte of an ill-formed sequence of the range is, or -1 when the range is valid UTF-8. */
    public static int firstInvalid(byte[] b, int off, int len) {
        int end = off + len;
        int i = firstNonAscii(b, off, len);
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n;
            int min2 = 0x80;
            int max2 = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                n = 1;
            } else if (c >= 0xE0 && c <= 0xEF) {
                n = 2;
                if (c == 0xE0) {
                    min2 = 0xA0;
                } else if (c == 0xED) {
                    max2 = 0x9F;
                }
            } else if (c >= 0xF0 && c <= 0xF4) {
                n = 3;
                if (c == 0xF0) {
                    min2 = 0x90;
                } else if (c == 0xF4) {
                    max2 = 0x8F;
                }
            } else {
                return i;
            }
            if (i + n >= end) {
                return i;
            }
            int second = b[i + 1] & 0xFF;
            if (second < min2 || second > max2) {
                return i;
            }
            for (int k = 2; k <= n; k++) {
                if ((b[i + k] & 0xC0) != 0x80) {
                    return i;
                }
            }
            i += n + 1;
        }
        return -1;
    }

    /** Whether the range is valid UTF-8. */
    public static boolean valid(byte[] b, int off, int len) {
        return firstInvalid(b, off, len) < 0;
    }

    /** The range with every ill-formed sequence replaced by U+FFFD, as the JDK's decoder replaces them. */
    public static byte[] replaceInvalid(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
    }

    /** Why the range is not valid UTF-8, naming the offending byte and its offset; the text itself is not shown. */
    public static String describe(byte[] b, int off, int len) {
        int at = firstInvalid(b, off, len);
        if (at < 0) {
            return "valid UTF-8";
        }
        return String.format("not valid UTF-8: byte 0x%02X at byte %d of %d", b[at] & 0xFF, at - off, len);
    }
}
