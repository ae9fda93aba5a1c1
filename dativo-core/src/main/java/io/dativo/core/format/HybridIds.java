package io.dativo.core.format;

import java.util.Arrays;
import org.apache.parquet.bytes.BytesInput;

/**
 * Values of a page (dictionary ids, definition levels) in Parquet's RLE/bit-packed hybrid encoding, byte for byte as
 * parquet-java's {@code RunLengthBitPackingHybridEncoder} writes them: a value repeated eight times or more after a
 * group boundary becomes a run, everything else groups of eight bit-packed values, up to 63 groups behind one header.
 * It reads an array of values in one pass and writes into a buffer kept from page to page, where parquet-java's
 * encoder takes each value through a call and each group through a stream of its own.
 */
final class HybridIds {

    private byte[] out = new byte[1 << 12];
    private int size;
    private final int[] group = new int[8];

    /**
     * {@code values[0..n]} encoded at {@code bitWidth} bits each (0 to 32); the bytes stay valid until the next call,
     * and the page store copies them before that.
     */
    BytesInput encode(int[] values, int n, int bitWidth) {
        size = 0;
        int previous = 0;
        int repeats = 0;
        int buffered = 0;
        int groups = 0;
        int header = -1;
        for (int k = 0; k < n; k++) {
            int v = values[k];
            if (v == previous) {
                if (++repeats >= 8) {
                    continue;
                }
            } else {
                if (repeats >= 8) {
                    header = endGroups(header, groups);
                    groups = 0;
                    run(repeats, previous, bitWidth);
                    buffered = 0;
                }
                repeats = 1;
                previous = v;
            }
            group[buffered++] = v;
            if (buffered == 8) {
                if (groups == 63) {
                    header = endGroups(header, groups);
                    groups = 0;
                }
                header = packGroup(header, bitWidth);
                groups++;
                buffered = 0;
                // a repeat that started inside this group counts again from the next group
                repeats = 0;
            }
        }
        if (repeats >= 8) {
            header = endGroups(header, groups);
            run(repeats, previous, bitWidth);
        } else if (buffered > 0) {
            for (int i = buffered; i < 8; i++) {
                group[i] = 0;
            }
            if (groups == 63) {
                header = endGroups(header, groups);
                groups = 0;
            }
            endGroups(packGroup(header, bitWidth), groups + 1);
        } else {
            endGroups(header, groups);
        }
        return BytesInput.from(out, 0, size);
    }

    /** Writes the header of the bit-packed groups started at {@code header}, if any; answers that none is open. */
    private int endGroups(int header, int groups) {
        if (header >= 0) {
            out[header] = (byte) (groups << 1 | 1);
        }
        return -1;
    }

    /** A run: its length as an unsigned varint shifted left by one, then the value in whole bytes, little-endian. */
    private void run(int repeats, int value, int bitWidth) {
        ensure(5 + 4);
        int header = repeats << 1;
        while ((header & ~0x7F) != 0) {
            out[size++] = (byte) (header & 0x7F | 0x80);
            header >>>= 7;
        }
        out[size++] = (byte) header;
        for (int b = 0; b < (bitWidth + 7) / 8; b++) {
            out[size++] = (byte) (value >>> 8 * b);
        }
    }

    /**
     * Packs {@link #group} behind the open header, or behind a header placed here when none is open; answers the
     * header's position.
     */
    private int packGroup(int header, int bitWidth) {
        if (header < 0) {
            ensure(1);
            header = size++;
        }
        pack(bitWidth);
        return header;
    }

    /** The eight values of {@link #group} in {@code bitWidth} bytes, the first value in the lowest bits. */
    private void pack(int bitWidth) {
        ensure(bitWidth);
        long mask = (1L << bitWidth) - 1;
        long bits = 0;
        int held = 0;
        for (int i = 0; i < 8; i++) {
            bits |= (group[i] & mask) << held;
            held += bitWidth;
            while (held >= 8) {
                out[size++] = (byte) bits;
                bits >>>= 8;
                held -= 8;
            }
        }
    }

    private void ensure(int more) {
        if (size + more > out.length) {
            out = Arrays.copyOf(out, Math.max(size + more, out.length * 2));
        }
    }
}
