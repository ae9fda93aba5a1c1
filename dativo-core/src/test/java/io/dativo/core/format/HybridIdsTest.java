package io.dativo.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;
import org.junit.jupiter.api.Test;

class HybridIdsTest {

    /**
     * Pages of random ids, with runs of every length around eight at every position in a group, single values,
     * more than 63 groups in a row, every bit width from 0 to 32 and page lengths not a multiple of eight, are
     * encoded byte for byte as parquet-java's encoder encodes them.
     */
    @Test
    void encodesAsParquetJavasEncoderDoes() throws Exception {
        Random random = new Random(7);
        HybridIds hybrid = new HybridIds();
        for (int round = 0; round < 600; round++) {
            int bitWidth = round % 33;
            int n = random.nextInt(round % 5 == 0 ? 40 : 3000);
            int[] values = new int[n];
            long bound = bitWidth == 0 ? 1 : 1L << bitWidth;
            int k = 0;
            while (k < n) {
                int value = (int) (random.nextLong() >>> 1) % (int) Math.min(bound, Integer.MAX_VALUE);
                int length = switch (random.nextInt(4)) {
                    case 0 -> 1;
                    case 1 -> 6 + random.nextInt(5);
                    case 2 -> 1 + random.nextInt(40);
                    default -> random.nextInt(600) == 0 ? 700 : 1;
                };
                for (int i = 0; i < length && k < n; i++) {
                    values[k++] = bitWidth == 32 ? value * (random.nextBoolean() ? -1 : 1) : value;
                }
            }
            byte[] expected;
            try (RunLengthBitPackingHybridEncoder encoder = new RunLengthBitPackingHybridEncoder(bitWidth, 1024,
                    1 << 20, HeapByteBufferAllocator.getInstance())) {
                for (int v : values) {
                    encoder.writeInt(v);
                }
                expected = encoder.toBytes().toByteArray();
            }
            assertThat(hybrid.encode(values, n, bitWidth).toByteArray()).as("bit width %d, %d values", bitWidth, n)
                    .isEqualTo(expected);
        }
    }
}
