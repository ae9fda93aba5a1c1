package io.dativo.core.format;

import static io.dativo.core.format.BatchColumn.INT;
import static io.dativo.core.format.BatchColumn.LONG;

import java.util.Arrays;

/**
 * The distinct values of a text column in the order they were first seen, each one's index its dictionary id. The
 * values are kept plain-encoded (4-byte little-endian length, then the bytes) in one array, which is the
 * dictionary page as it is written; an open-addressing table of ids finds them by hash.
 */
final class BytesDictionary {

    private byte[] bytes = new byte[1 << 16];
    private int size;
    /** Per id: where its entry (length, then bytes) starts in {@link #bytes}; one more for the end. */
    private int[] offsets = new int[513];
    private int[] hashes = new int[512];
    private int count;
    /** Per slot: the id there plus one, 0 for an empty slot. */
    private int[] slots = new int[1024];

    void clear() {
        Arrays.fill(slots, 0);
        count = 0;
        size = 0;
    }

    int size() {
        return count;
    }

    /** The dictionary's size as a plain-encoded dictionary page. */
    long byteSize() {
        return size;
    }

    /** The id of the value {@code length} bytes at {@code start} of {@code data}, added if new. */
    int id(byte[] data, int start, int length) {
        int h = hash(data, start, length);
        int mask = slots.length - 1;
        int s = h & mask;
        while (true) {
            int e = slots[s];
            if (e == 0) {
                return add(s, h, data, start, length);
            }
            int id = e - 1;
            int at = offsets[id] + 4;
            if (hashes[id] == h && offsets[id + 1] - at == length
                    && same(bytes, at, data, start, length)) {
                return id;
            }
            s = (s + 1) & mask;
        }
    }

    /** Whether the {@code length} bytes at {@code x} of {@code a} and at {@code y} of {@code b} are equal. */
    private static boolean same(byte[] a, int x, byte[] b, int y, int length) {
        if (length >= 32) {
            return Arrays.equals(a, x, x + length, b, y, y + length);
        }
        if (length >= 8) {
            // short values, the usual entries of a dictionary, are compared a word at a time, the last word
            // overlapping the one before it
            for (int k = 0; k + 8 < length; k += 8) {
                if ((long) LONG.get(a, x + k) != (long) LONG.get(b, y + k)) {
                    return false;
                }
            }
            return (long) LONG.get(a, x + length - 8) == (long) LONG.get(b, y + length - 8);
        }
        for (int k = 0; k < length; k++) {
            if (a[x + k] != b[y + k]) {
                return false;
            }
        }
        return true;
    }

    private int add(int slot, int h, byte[] data, int start, int length) {
        int id = count++;
        if (count == hashes.length) {
            hashes = Arrays.copyOf(hashes, count * 2);
            offsets = Arrays.copyOf(offsets, count * 2 + 1);
        }
        if (size + 4 + length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(size + 4 + length, bytes.length * 2));
        }
        INT.set(bytes, size, length);
        System.arraycopy(data, start, bytes, size + 4, length);
        offsets[id] = size;
        size += 4 + length;
        offsets[id + 1] = size;
        hashes[id] = h;
        slots[slot] = id + 1;
        if (count * 2 > slots.length) {
            grow();
        }
        return id;
    }

    private void grow() {
        slots = new int[slots.length * 2];
        int mask = slots.length - 1;
        for (int id = 0; id < count; id++) {
            int s = hashes[id] & mask;
            while (slots[s] != 0) {
                s = (s + 1) & mask;
            }
            slots[s] = id + 1;
        }
    }

    /** The bytes holding the value of {@code id}: {@link #length(int)} of them from {@link #start(int)}. */
    byte[] bytes() {
        return bytes;
    }

    int start(int id) {
        return offsets[id] + 4;
    }

    int length(int id) {
        return offsets[id + 1] - offsets[id] - 4;
    }

    /** The values of ids {@code 0..n} plain-encoded: the dictionary page. */
    byte[] plain(int n) {
        return Arrays.copyOf(bytes, offsets[n]);
    }

    /** The values of {@code ids[0..n]} plain-encoded. */
    byte[] plain(int[] ids, int n) {
        int total = 0;
        for (int i = 0; i < n; i++) {
            total += offsets[ids[i] + 1] - offsets[ids[i]];
        }
        byte[] out = new byte[total];
        int at = 0;
        for (int i = 0; i < n; i++) {
            int from = offsets[ids[i]];
            int length = offsets[ids[i] + 1] - from;
            System.arraycopy(bytes, from, out, at, length);
            at += length;
        }
        return out;
    }

    /**
     * A 32-bit hash of the bytes, eight at a time; equal values hash alike. The last one to seven bytes are read as
     * one word too, from the array around them (the word ending with the value, or for a value shorter than a word
     * the word starting with it, when the array is long enough), so no value is read byte by byte.
     */
    private static int hash(byte[] data, int start, int length) {
        long h = 0x9E3779B97F4A7C15L ^ length;
        int i = start;
        int end = start + length;
        for (; i + 8 <= end; i += 8) {
            h = Long.rotateLeft(h ^ (long) LONG.get(data, i) * 0xC2B2AE3D27D4EB4FL, 31) * 0x9E3779B97F4A7C15L;
        }
        int rest = end - i;
        long tail = 0;
        if (rest > 0) {
            if (length >= 8) {
                tail = (long) LONG.get(data, end - 8) >>> (64 - 8 * rest);
            } else if (start + 8 <= data.length) {
                tail = (long) LONG.get(data, start) & (-1L >>> (64 - 8 * rest));
            } else {
                for (int k = 0; i < end; i++, k += 8) {
                    tail |= (data[i] & 0xFFL) << k;
                }
            }
        }
        h = (h ^ tail * 0xC2B2AE3D27D4EB4FL) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ h >>> 29 ^ h >>> 47);
    }
}
