package io.dativo.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputDecompressor;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

/**
 * Snappy pages up to {@link Codecs#SMALL_SNAPPY_PAGE} bytes are compressed in Java and larger ones by snappy-java's
 * native library: either way the page is the Snappy format every reader takes, so the native library decodes what
 * Java wrote and the other way round.
 */
class CodecsTest {

    private final BytesInputCompressor compressor = new Codecs().getCompressor(CompressionCodecName.SNAPPY);
    private final BytesInputDecompressor decompressor = new Codecs().getDecompressor(CompressionCodecName.SNAPPY);

    /** Text with repeats, like a page of plain-encoded strings, and random bytes that do not compress. */
    private static byte[] page(int size, boolean random) {
        byte[] page = new byte[size];
        if (random) {
            new Random(size).nextBytes(page);
            return page;
        }
        byte[] words = "DELIVER IN PERSON|TAKE BACK RETURN|NONE|COLLECT COD|".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < size; i++) {
            page[i] = words[(i * 7 + i / 97) % words.length];
        }
        return page;
    }

    private byte[] roundTrip(byte[] page) throws IOException {
        byte[] compressed = compressor.compress(BytesInput.from(page)).toByteArray();
        assertThat(Snappy.uncompress(compressed)).as("snappy-java decodes it").isEqualTo(page);
        return decompressor.decompress(BytesInput.from(compressed), page.length).toByteArray();
    }

    @Test
    void pagesOfEverySizeOnEitherSideOfTheLimitReadBackThroughTheNativeLibraryAndThroughCodecs() throws Exception {
        int limit = Codecs.SMALL_SNAPPY_PAGE;
        for (int size : new int[] {0, 1, 100, 4_096, limit - 1, limit, limit + 1, 1 << 20}) {
            for (boolean random : new boolean[] {false, true}) {
                byte[] page = page(size, random);
                assertThat(roundTrip(page)).as("%d bytes, random %s", size, random).isEqualTo(page);
            }
        }
        byte[] small = page(4_096, false);
        assertThat(compressor.compress(BytesInput.from(small)).size()).as("text compresses")
                .isLessThan(small.length / 4);
    }

    @Test
    void smallPagesWrittenByTheNativeLibraryReadBackInJava() throws Exception {
        byte[] page = page(10_000, false);
        byte[] compressed = Snappy.compress(page);
        assertThat(decompressor.decompress(BytesInput.from(compressed), page.length).toByteArray()).isEqualTo(page);
    }

    @Test
    void aDamagedSmallPageIsAnErrorNotWrongValues() throws Exception {
        byte[] page = page(10_000, false);
        byte[] compressed = Snappy.compress(page);
        assertThatThrownBy(() -> decompressor.decompress(BytesInput.from(compressed), page.length + 1))
                .isInstanceOf(IOException.class).hasMessageContaining("Snappy page");
        byte[] cut = Arrays.copyOf(compressed, compressed.length / 2);
        assertThatThrownBy(() -> decompressor.decompress(BytesInput.from(cut), page.length))
                .isInstanceOf(IOException.class).hasMessageContaining("Snappy page");
    }
}
