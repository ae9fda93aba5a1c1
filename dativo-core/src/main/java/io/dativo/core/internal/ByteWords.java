package io.dativo.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Tests on eight bytes at once, read from a byte array as one little-endian word: which of them equal a given byte.
 * Text scanners use them to pass over runs of ordinary bytes without a branch per byte.
 */
public final class ByteWords {

    /** Eight bytes of an array as one little-endian word: {@code (long) LONG.get(bytes, at)}. */
    public static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

    private ByteWords() {
    }

    /** A word whose eight bytes are all {@code b}. */
    public static long broadcast(byte b) {
        return ONES * (b & 0xFF);
    }

    /** The high bit of each byte of {@code x} that is zero, and no other bit (exact, unlike the shorter test). */
    public static long zeroBytes(long x) {
        long t = (x & LOW7) + LOW7;
        return ~(t | x | LOW7);
    }

    /** The index, 0 to 7, of the lowest byte marked in a mask of high bits such as {@link #zeroBytes(long)} gives. */
    public static int firstMarked(long mask) {
        return Long.numberOfTrailingZeros(mask) >>> 3;
    }
}
