package io.dativo.core.vector;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.testkit.LeakCheckedAllocator;
import java.util.Arrays;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ASCII scans find one high byte wherever it is: in arrays of any length and across a column's pieces. */
class TextColumnTest {

    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

    @Test
    void firstNonAsciiFindsTheFirstHighByteAtEveryPosition() {
        for (int len = 0; len <= 48; len++) {
            byte[] b = new byte[len + 6];
            Arrays.fill(b, (byte) 'a');
            assertThat(Utf8.firstNonAscii(b, 3, len)).isEqualTo(3 + len);
            for (int at = 0; at < len; at++) {
                b[3 + at] = (byte) 0xC3;
                b[3 + len - 1] = (byte) 0x80;
                assertThat(Utf8.firstNonAscii(b, 3, len)).as("length %d, at %d", len, at).isEqualTo(3 + at);
                Arrays.fill(b, (byte) 'a');
            }
            b[2] = (byte) 0xFF;
            b[3 + len] = (byte) 0xFF;
            assertThat(Utf8.firstNonAscii(b, 3, len)).as("bytes outside the range").isEqualTo(3 + len);
        }
    }

    @Test
    void aColumnIsAsciiUnlessOneOfItsValuesHasAHighByte() {
        int rows = 5_000;
        TextColumn column = new TextColumn();
        for (int at : new int[]{-1, 0, 16_383, 16_384, 16_385, 32_768, 49_989}) {
            try (VarCharVector v = new VarCharVector("text", allocator)) {
                v.allocateNew(rows);
                byte[] value = "0123456789".getBytes();
                for (int r = 0; r < rows; r++) {
                    if (r == 7) {
                        v.setNull(r);
                        continue;
                    }
                    byte[] copy = value.clone();
                    int start = r < 7 ? r * 10 : (r - 1) * 10;
                    if (at >= start && at < start + 10) {
                        copy[at - start] = (byte) 0xE9;
                    }
                    v.setSafe(r, copy);
                }
                v.setValueCount(rows);
                assertThat(column.ascii(v, rows)).as("high byte at %d", at).isEqualTo(at < 0);
            }
        }
    }
}
