package io.dativo.core.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The UTF-8 check agrees with the JDK's strict decoder, and names the first ill-formed byte. */
class Utf8Test {

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    @Test
    void illFormedSequencesAreFoundAtTheirFirstByte() {
        assertThat(Utf8.firstInvalid(bytes('a', 'b', 0xFF, 0xFE, 'c', 'd'), 0, 6)).isEqualTo(2);
        assertThat(Utf8.firstInvalid(bytes(0xC3, 0x28), 0, 2)).isZero();
        assertThat(Utf8.firstInvalid(bytes(0xC0, 0xAF), 0, 2)).as("overlong").isZero();
        assertThat(Utf8.firstInvalid(bytes(0xED, 0xA0, 0x80), 0, 3)).as("surrogate").isZero();
        assertThat(Utf8.firstInvalid(bytes(0xF4, 0x90, 0x80, 0x80), 0, 4)).as("above U+10FFFF").isZero();
        assertThat(Utf8.firstInvalid(bytes('x', 0xE2, 0x82), 0, 3)).as("truncated").isEqualTo(1);
        assertThat(Utf8.firstInvalid("héllo wörld, 日本, 😀".getBytes(StandardCharsets.UTF_8), 0,
                "héllo wörld, 日本, 😀".getBytes(StandardCharsets.UTF_8).length)).isEqualTo(-1);
        assertThat(Utf8.describe(bytes('a', 'b', 0xFF, 0xFE, 'c', 'd'), 0, 6))
                .isEqualTo("not valid UTF-8: byte 0xFF at byte 2 of 6");
        assertThat(new String(Utf8.replaceInvalid(bytes('a', 'b', 0xFF, 0xFE, 'c', 'd'), 0, 6),
                StandardCharsets.UTF_8)).isEqualTo("ab\uFFFD\uFFFDcd");
    }

    @Test
    void theCheckAgreesWithTheJdkDecoderOnRandomBytes() {
        Random random = new Random(7);
        for (int n = 0; n < 20_000; n++) {
            byte[] b = new byte[random.nextInt(24)];
            for (int i = 0; i < b.length; i++) {
                // Mostly ASCII, so that the eight-byte scan and the byte-by-byte decoding both run.
                b[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : random.nextInt(128));
            }
            boolean jdk;
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
                jdk = true;
            } catch (CharacterCodingException e) {
                jdk = false;
            }
            assertThat(Utf8.valid(b, 0, b.length)).as("%s", HexFormat.of().formatHex(b)).isEqualTo(jdk);
        }
    }
}
