package io.dativo.core.connector.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import io.dativo.api.SourceBatch;
import io.dativo.api.SourceDataException;
import io.dativo.testkit.LeakCheckedAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The byte scanner of common JSON Lines records gives exactly what the general parser gives, for the lines it reads
 * and for those it leaves to the parser, including lines that are not JSON.
 */
class JsonLineScannerTest {

    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

    static final List<FieldSpec> CONTRACT = List.of(FieldSpec.of("a", DataType.STRING, false),
            FieldSpec.of("b", DataType.LONG, false), FieldSpec.of("long_field_name_c", DataType.DECIMAL, false));

    static final List<String> LINES = List.of(
            "{\"a\":\"x\",\"b\":1,\"long_field_name_c\":2.50}",
            "{\"long_field_name_c\":-0.5,\"a\":\"Müller 😀\",\"b\":-0}",
            " \t{ \"a\" : \"\" , \"b\" : null , \"z\" : [1, {\"q\": \"r\"}] } \t",
            "{}", "{ }", "{\"a\":true,\"b\":false}", "{\"a\":\"x\\ny\",\"b\":\"\\u00fc\"}", "{\"a\\u0062\":1}",
            "{\"b\":1e3}", "{\"b\":1E-2}", "{\"b\":12345678901234567890123}", "{\"a\":{\"n\":[1,2.0]}}",
            "{\"a\":1,\"a\":2}", "{\"b\":01}", "{\"b\":1.}", "{\"b\":-}", "{\"b\":.5}", "{\"b\":+1}", "{\"b\":tru}",
            "{\"b\":truex}", "{\"b\":nul}", "{\"b\":NaN}", "{\"a\":\"x\u0001\"}", "{\"a\" 1}", "{\"a\":1,}", "{,}",
            "{\"a\":1}}", "{\"a\":1} {\"a\":2}", "{\"a\":1} x", "{\"a\":1", "{\"a\"", "{\"a", "{", "[1]", "\"a\"", "1",
            "{\"a\":\"\\udc80\"}", "{\"a\":\"\\ud83d\\ude00\"}", "{\"a\":'x'}", "{a:1}", "{\"a\":\"x\"y}",
            "{\"z\":\"unknown\",\"b\":2}", "{\"B\":3,\"A\":\"upper\"}", "{\"a\":-12.0e+1}", "{\"b\":0.0}");

    /** What a batch of one line holds (each column's name and value bytes), or the error. */
    private String outcome(String line, boolean scan) {
        JsonLineBatch batch = new JsonLineBatch(CONTRACT, 4, false, scan);
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        try {
            batch.add(bytes, bytes.length, 7, "f", false);
        } catch (SourceDataException e) {
            return e.getMessage();
        }
        if (batch.rows() == 0) {
            return "blank";
        }
        SourceBatch b = batch.take(allocator, "o", "f");
        List<String> out = new ArrayList<>();
        try (var root = b.root()) {
            for (FieldVector v : root.getFieldVectors()) {
                out.add(v.getName() + "=" + (v.isNull(0) ? "null" : v instanceof VarCharVector vc
                        ? HexFormat.of().formatHex(vc.get(0)) : v.getClass().getSimpleName()));
            }
        }
        return out + " " + Arrays.toString(b.lines());
    }

    @Test
    void theScannerGivesWhatTheParserGives() {
        for (String line : LINES) {
            assertThat(outcome(line, true)).as(line).isEqualTo(outcome(line, false));
        }
        assertThat(outcome(LINES.get(0), true)).isEqualTo("[a=78, b=31, long_field_name_c=322e3530] [7]");
        JsonLineScanner scanner = new JsonLineScanner(new JsonLineBatch(CONTRACT, 4, false, false));
        assertThat(LINES.stream().filter(line -> {
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            return scanner.scan(b, b.length, 0);
        }).toList()).as("the lines the scanner reads itself").containsExactly(LINES.get(0), LINES.get(1), "{}", "{ }",
                "{\"a\":true,\"b\":false}", "{\"b\":12345678901234567890123}", "{\"a\":1,\"a\":2}", "{\"z\":\"unknown\",\"b\":2}",
                "{\"B\":3,\"A\":\"upper\"}", "{\"b\":0.0}");
    }

    @Test
    void soItDoesForMutatedLines() {
        Random random = new Random(42);
        String alphabet = "{}[]\":,.-+0123456789eEtruefalsn \\u\tü";
        int differences = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder line = new StringBuilder(LINES.get(random.nextInt(3)));
            for (int m = 1 + random.nextInt(3); m > 0; m--) {
                int at = random.nextInt(line.length() + 1);
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> line.insert(at, c);
                    case 1 -> line.deleteCharAt(Math.min(at, line.length() - 1));
                    default -> line.setCharAt(Math.min(at, line.length() - 1), c);
                }
            }
            String text = line.toString();
            assertThat(outcome(text, true)).as(text).isEqualTo(outcome(text, false));
            differences += outcome(text, false).startsWith("f:7") ? 0 : 1;
        }
        assertThat(differences).as("mutated lines that still parse").isGreaterThan(1000);
    }
}
