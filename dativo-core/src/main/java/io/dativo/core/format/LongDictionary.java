package io.dativo.core.format;

import static io.dativo.core.format.BatchColumn.INT;
import static io.dativo.core.format.BatchColumn.LONG;

import java.util.Arrays;

/**
 * The distinct values of a fixed-width column (4 or 8 bytes, held as their bits in a {@code long}) in the order they
 * were first seen, each one's index its dictionary id: an open-addressing hash table in primitive arrays.
 */
final class LongDictionary {

    private final int width;
    private long[] keys = new long[1024];
    /** Per slot of {@link #keys}: the id of the value there plus one, 0 for an empty slot. */
    private int[] slots = new int[1024];
    private int shift = 64 - 10;
    private long[] values = new long[512];
    private int count;
    /**
     * The value looked up last and its id, or an id of -1: database extracts are often ordered by a key, whose
     * rows repeat it (an order's lines), and a repeat then costs no probe of a table that may be megabytes large.
     */
    private long last;
    private int lastId = -1;

    LongDictionary(int width) {
        this.width = width;
    }

    void clear() {
        Arrays.fill(slots, 0);
        count = 0;
        lastId = -1;
    }

    int size() {
        return count;
    }

    /** The dictionary's size as a plain-encoded dictionary page. */
    long byteSize() {
        return (long) count * width;
    }

    /** The id of {@code v}, added if new. */
    int id(long v) {
        if (v == last && lastId >= 0) {
            return lastId;
        }
        int s = (int) ((v * 0x9E3779B97F4A7C15L) >>> shift);
        int mask = slots.length - 1;
        int e;
        while ((e = slots[s]) != 0 && keys[s] != v) {
            s = (s + 1) & mask;
        }
        int id = e == 0 ? add(s, v) : e - 1;
        last = v;
        lastId = id;
        return id;
    }

    private int add(int slot, long v) {
        int id = count++;
        keys[slot] = v;
        slots[slot] = id + 1;
        if (id == values.length) {
            values = Arrays.copyOf(values, id * 2);
        }
        values[id] = v;
        if (count * 2 > slots.length) {
            grow();
        }
        return id;
    }

    private void grow() {
        int capacity = slots.length * 2;
        keys = new long[capacity];
        slots = new int[capacity];
        shift--;
        int mask = capacity - 1;
        for (int id = 0; id < count; id++) {
            long v = values[id];
            int s = (int) ((v * 0x9E3779B97F4A7C15L) >>> shift);
            while (slots[s] != 0) {
                s = (s + 1) & mask;
            }
            keys[s] = v;
            slots[s] = id + 1;
        }
    }

    /** The value of {@code id}, as its bits. */
    long value(int id) {
        return values[id];
    }

    /** The values of ids {@code 0..n} plain-encoded, little-endian. */
    byte[] plain(int n) {
        return plain(values, n);
    }

    /** The values of {@code ids[0..n]} plain-encoded, little-endian. */
    byte[] plain(int[] ids, int n) {
        byte[] out = new byte[n * width];
        if (width == 8) {
            for (int i = 0; i < n; i++) {
                LONG.set(out, i << 3, values[ids[i]]);
            }
        } else {
            for (int i = 0; i < n; i++) {
                INT.set(out, i << 2, (int) values[ids[i]]);
            }
        }
        return out;
    }

    private byte[] plain(long[] from, int n) {
        byte[] out = new byte[n * width];
        for (int i = 0; i < n; i++) {
            if (width == 8) {
                LONG.set(out, i << 3, from[i]);
            } else {
                INT.set(out, i << 2, (int) from[i]);
            }
        }
        return out;
    }
}
