package io.dativo.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CsvParserTest {

    private static final String[] PIECES = {"a", "bc", "1996-03-13", "19604.74", ",", ";", "\"", "\n", " ", "é", "x\r",
            "DELIVER IN PERSON"};
    private static final String[] ENDINGS = {"\n", "\r\n", "\r"};

    /** A record as written: its fields, and the line it starts on. */
    private record Written(List<String> fields, long line) {
    }

    /**
     * Random records, fields quoted when they must be and at random otherwise, with every line ending, empty fields,
     * quotes inside unquoted fields and values longer than the parser's buffer, are read back field for field with
     * the lines they start on.
     */
    @Test
    void randomRecordsReadBackFieldForFieldWithTheirLines() throws Exception {
        Random random = new Random(11);
        for (int round = 0; round < 8; round++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<Written> written = new ArrayList<>();
            long line = 1;
            for (int r = 0; r < 2000; r++) {
                int count = 2 + random.nextInt(17);
                List<String> fields = new ArrayList<>();
                StringBuilder text = new StringBuilder();
                long breaks = 0;
                for (int f = 0; f < count; f++) {
                    String value = value(random);
                    boolean mustQuote = value.contains(",") || value.startsWith("\"") || value.contains("\n")
                            || value.contains("\r");
                    if (f > 0) {
                        text.append(',');
                    }
                    if (mustQuote || random.nextInt(10) == 0) {
                        text.append('"').append(value.replace("\"", "\"\"")).append('"');
                        breaks += value.chars().filter(c -> c == '\n').count();
                    } else {
                        text.append(value);
                    }
                    fields.add(value);
                }
                written.add(new Written(fields, line));
                out.writeBytes(text.append(ENDINGS[random.nextInt(ENDINGS.length)]).toString()
                        .getBytes(StandardCharsets.UTF_8));
                line += 1 + breaks;
            }
            try (CsvParser p = new CsvParser(new ByteArrayInputStream(out.toByteArray()), "test.csv", (byte) ',',
                    (byte) '"')) {
                for (Written w : written) {
                    assertThat(p.next()).isTrue();
                    List<String> read = new ArrayList<>();
                    for (int f = 0; f < p.fieldCount(); f++) {
                        read.add(p.text(f));
                    }
                    assertThat(read).as("record on line %d", w.line()).isEqualTo(w.fields());
                    assertThat(p.recordLine()).isEqualTo(w.line());
                }
                assertThat(p.next()).isFalse();
            }
        }
    }

    /** A field value: mostly short pieces, sometimes empty, a quote inside plain text, or longer than 64 KiB. */
    private static String value(Random random) {
        int kind = random.nextInt(2000);
        if (kind == 0) {
            return "z".repeat(70_000 + random.nextInt(1000));
        }
        if (kind < 200) {
            return "";
        }
        if (kind < 300) {
            return "a\"b";
        }
        StringBuilder b = new StringBuilder();
        int pieces = random.nextInt(4);
        for (int i = 0; i < pieces; i++) {
            String piece = PIECES[random.nextInt(PIECES.length)];
            b.append(piece.equals("x\r") && random.nextBoolean() ? "x" : piece);
        }
        return b.toString();
    }
}
