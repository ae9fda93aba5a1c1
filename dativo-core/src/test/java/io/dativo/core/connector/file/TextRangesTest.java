package io.dativo.core.connector.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dativo.core.internal.ByteWords;
import io.dativo.api.AssetDefinition;
import io.dativo.api.BaseReader;
import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import io.dativo.api.ReadSplit;
import io.dativo.api.SourceConfig;
import io.dativo.api.SourceDataException;
import io.dativo.api.SplitPlan;
import io.dativo.core.connector.file.Reads.Read;
import io.dativo.core.testing.Storage;
import io.dativo.testkit.LeakCheckedAllocator;
import io.dativo.testkit.TestReadContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** CSV files cut into ranges of lines: every range read on its own gives what a read of the whole file gives. */
@ParameterizedClass(name = "{0}")
@EnumSource(Storage.class)
class TextRangesTest {

    @Parameter
    Storage storage;
    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();
    Storage.Root root;

    static final AssetDefinition ASSET = AssetDefinition.of("t", List.of(FieldSpec.of("a", DataType.STRING, false),
            FieldSpec.of("b", DataType.STRING, false)));

    @BeforeEach
    void root() {
        root = storage.root(dir);
    }

    private TestReadContext.Builder context(long target) {
        return TestReadContext.builder(allocator, ASSET).batchSize(7).runId("test").targetSplitBytes(target);
    }

    private SourceConfig csv(String path, Map<String, Object> options) {
        return Reads.source("csv", root.base(), options, path);
    }

    /** The plan of {@code source} with ranges of about {@code target} bytes. */
    private List<ReadSplit> plan(Supplier<BaseReader> reader, SourceConfig source, long target) throws Exception {
        SplitPlan plan = Reads.plan(reader.get(), source, context(target).build());
        return plan.splits();
    }

    /** Each split read by a fresh reader, rows and positions in the plan's order. */
    private Read readSplits(Supplier<BaseReader> reader, SourceConfig source, List<ReadSplit> splits)
            throws Exception {
        List<List<String>> rows = new ArrayList<>();
        List<String> positions = new ArrayList<>();
        List<String> columns = List.of();
        for (ReadSplit split : splits) {
            Read r = Reads.read(reader.get(), source, context(1).split(split).build());
            rows.addAll(r.rows());
            positions.addAll(r.positions());
            if (!r.columns().isEmpty()) {
                columns = r.columns();
            }
        }
        return new Read(columns, rows, positions);
    }

    private Read readWhole(Supplier<BaseReader> reader, SourceConfig source) throws Exception {
        return Reads.read(reader.get(), source, context(128L << 20).build());
    }

    private static String csvRows(int rows, String newline) {
        StringBuilder csv = new StringBuilder("a,b").append(newline);
        for (int i = 0; i < rows; i++) {
            csv.append("v").append(i).append(",").append("w".repeat(i % 23)).append(newline);
        }
        return csv.toString();
    }

    @Test
    void aLargeFileCutIntoRangesReadsExactlyTheRowsAndLinesOfAWholeRead() throws Exception {
        root.write("big.csv", csvRows(3000, "\n"));
        SourceConfig source = csv("big.csv", Map.of());
        List<ReadSplit> splits = plan(CsvReader::new, source, 4000);
        assertThat(splits).hasSizeGreaterThan(5);
        assertThat(splits).allSatisfy(s -> assertThat(s.property(FileSplits.FILES)).contains("\"start\""));

        Read whole = readWhole(CsvReader::new, source);
        Read cut = readSplits(CsvReader::new, source, splits);
        assertThat(whole.rows()).hasSize(3000);
        assertThat(cut.columns()).containsExactly("a", "b");
        assertThat(cut.rows()).isEqualTo(whole.rows());
        assertThat(cut.positions()).isEqualTo(whole.positions());
        assertThat(cut.positions().get(2999)).isEqualTo("big.csv:3001");
    }

    @Test
    void parallelismCutsAFileSmallerThanTheTargetIntoAsManyParts() throws Exception {
        root.write("big.csv", csvRows(3000, "\n"));
        TestReadContext c = context(1L << 30).parallelism(2).build();
        long size = FileSourceReader.partBytes(30_000_000, 1L << 30, 2);
        assertThat(size).isEqualTo(15_000_000);
        assertThat(FileSourceReader.partBytes(1000, 1L << 30, 2)).isEqualTo(FileSourceReader.MIN_PART_BYTES);
        assertThat(FileSourceReader.partBytes(30_000_000, 1L << 20, 2)).isEqualTo(1L << 20);
        // A small file is not worth cutting, whatever the parallelism.
        assertThat(Reads.plan(new CsvReader(), csv("big.csv", Map.of()), c).splits()).hasSize(1);
    }

    @Test
    void crlfAndLoneCrLineEndingsAndEmptyLinesKeepTheirLineNumbers() throws Exception {
        StringBuilder text = new StringBuilder("a,b\r\n");
        for (int i = 0; i < 2000; i++) {
            text.append("x").append(i).append(",y").append(i % 5 == 0 ? "\r" : "\r\n").append(i % 7 == 0 ? "\n" : "");
        }
        root.write("crlf.csv", text.toString());
        SourceConfig source = csv("crlf.csv", Map.of());
        List<ReadSplit> splits = plan(CsvReader::new, source, 1500);
        assertThat(splits).hasSizeGreaterThan(5);
        Read whole = readWhole(CsvReader::new, source);
        Read cut = readSplits(CsvReader::new, source, splits);
        assertThat(cut.rows()).hasSize(2000).isEqualTo(whole.rows());
        assertThat(cut.positions()).isEqualTo(whole.positions());
    }

    @Test
    void anErrorInALateRangeNamesTheLineOfTheWholeFile() throws Exception {
        StringBuilder text = new StringBuilder(csvRows(2000, "\n"));
        text.append("one,two,three\n");
        root.write("bad.csv", text.toString());
        SourceConfig source = csv("bad.csv", Map.of());
        List<ReadSplit> splits = plan(CsvReader::new, source, 2000);
        assertThat(splits).hasSizeGreaterThan(5);
        ReadSplit last = splits.get(splits.size() - 1);
        assertThatThrownBy(() -> readSplits(CsvReader::new, source, List.of(last)))
                .isInstanceOf(SourceDataException.class)
                .satisfies(e -> assertThat(((SourceDataException) e).location()).isEqualTo("bad.csv:2002"))
                .hasMessageContaining("3 fields where the header has 2");
    }

    @Test
    void quotedLineBreaksAreNeverCutAndCountAsLines() throws Exception {
        StringBuilder text = new StringBuilder("a,b\n");
        for (int i = 0; i < 2000; i++) {
            // Quoted fields with line breaks, doubled quotes, and a quote inside an unquoted field (a literal one).
            text.append(i % 3 == 0 ? "\"multi\nline " + i + " \"\"q\"\"\n\"" : "plain" + i + "\"x")
                    .append(",\"").append(i % 4 == 0 ? "a,\n\nb" : "c").append("\"\n");
        }
        root.write("q.csv", text.toString());
        SourceConfig source = csv("q.csv", Map.of());
        List<ReadSplit> splits = plan(CsvReader::new, source, 1000);
        assertThat(splits).hasSizeGreaterThan(10);
        Read whole = readWhole(CsvReader::new, source);
        Read cut = readSplits(CsvReader::new, source, splits);
        assertThat(whole.rows()).hasSize(2000);
        assertThat(whole.rows().get(0)).containsExactly("multi\nline 0 \"q\"\n", "a,\n\nb");
        assertThat(whole.rows().get(1)).containsExactly("plain1\"x", "c");
        assertThat(cut.rows()).isEqualTo(whole.rows());
        assertThat(cut.positions()).isEqualTo(whole.positions());
    }

    @Test
    void randomMixesOfLongPlainRunsQuotesAndLineEndingsReadAsTheWholeFileDoes() throws Exception {
        // Long plain stretches are skipped eight bytes at a time; quotes, \r and cuts fall at every offset in a word.
        Random random = new Random(11);
        String[] endings = {"\n", "\r\n", "\r"};
        for (int round = 0; round < 4; round++) {
            StringBuilder text = new StringBuilder("a,b\n");
            for (int i = 0; i < 1500; i++) {
                for (int f = 0; f < 2; f++) {
                    int kind = random.nextInt(10);
                    if (kind == 0) {
                        text.append('"').append("q").append(endings[random.nextInt(3)]).append("\"\"")
                                .append("x".repeat(random.nextInt(20))).append(",\n").append('"');
                    } else if (kind == 1) {
                        text.append("lit").append('"').append("eral");
                    } else {
                        text.append(i).append("p".repeat(random.nextInt(40)));
                    }
                    text.append(f == 0 ? "," : "");
                }
                text.append(endings[random.nextInt(10) < 8 ? 0 : 1 + random.nextInt(2)]);
            }
            String name = "mix" + round + ".csv";
            root.write(name, text.toString());
            SourceConfig source = csv(name, Map.of());
            List<ReadSplit> splits = plan(CsvReader::new, source, 997 + 131 * round);
            assertThat(splits).hasSizeGreaterThan(20);
            Read whole = readWhole(CsvReader::new, source);
            Read cut = readSplits(CsvReader::new, source, splits);
            assertThat(whole.rows()).hasSize(1500);
            assertThat(cut.rows()).isEqualTo(whole.rows());
            assertThat(cut.positions()).isEqualTo(whole.positions());
        }
    }

    @Test
    void zeroBytesFindsExactlyTheZeroBytesOfAWord() {
        Random random = new Random(5);
        for (int k = 0; k < 10_000; k++) {
            long word = random.nextLong();
            for (int b = 0; b < 8; b++) {
                if (random.nextInt(3) == 0) {
                    word &= ~(0xFFL << (8 * b));
                } else if (random.nextInt(3) == 0) {
                    word |= 0x80L << (8 * b);
                }
            }
            long expected = 0;
            for (int b = 0; b < 8; b++) {
                if ((word >>> (8 * b) & 0xFF) == 0) {
                    expected |= 0x80L << (8 * b);
                }
            }
            assertThat(ByteWords.zeroBytes(word)).as("%016x", word).isEqualTo(expected);
        }
    }

    @Test
    void aJsonLinesFileCutIntoRangesReadsTheRowsAndLinesOfAWholeRead() throws Exception {
        StringBuilder text = new StringBuilder();
        String[] endings = {"\n", "\r\n", "\r"};
        for (int i = 0; i < 2500; i++) {
            text.append("{\"a\": \"v").append(i).append("\", \"b\": \"").append("w".repeat(i % 23))
                    .append(i % 11 == 0 ? " \\\"quoted\\\" \\n" : "").append("\"}")
                    .append(endings[i % 9 == 0 ? 1 + i % 2 : 0]).append(i % 13 == 0 ? "\n" : "");
        }
        root.write("big.jsonl", text.toString());
        SourceConfig source = Reads.source("jsonl", root.base(), Map.of(), "big.jsonl");
        List<ReadSplit> splits = plan(JsonLinesReader::new, source, 3000);
        assertThat(splits).hasSizeGreaterThan(10);
        assertThat(splits).allSatisfy(s -> assertThat(s.property(FileSplits.FILES)).contains("\"start\""));
        Read whole = readWhole(JsonLinesReader::new, source);
        Read cut = readSplits(JsonLinesReader::new, source, splits);
        assertThat(whole.rows()).hasSize(2500);
        assertThat(whole.rows().get(11)).containsExactly("v11", "w".repeat(11) + " \"quoted\" \n");
        assertThat(cut.rows()).isEqualTo(whole.rows());
        assertThat(cut.positions()).isEqualTo(whole.positions());
        // A small file, or one compressed, stays whole.
        assertThat(plan(JsonLinesReader::new, source, 1L << 30)).hasSize(1);
        root.write("gz.jsonl.gz", Compress.gzip(text.toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(plan(JsonLinesReader::new, Reads.source("jsonl", root.base(), Map.of(), "gz.jsonl.gz"), 3000))
                .hasSize(1);
    }

    @Test
    void anErrorInALateJsonLinesRangeNamesTheLineOfTheWholeFile() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            text.append("{\"a\": \"").append(i).append("\"}").append(i % 5 == 0 ? "\r\n" : "\n");
        }
        text.append("{\"a\": oops}\n");
        root.write("bad.jsonl", text.toString());
        SourceConfig source = Reads.source("jsonl", root.base(), Map.of(), "bad.jsonl");
        List<ReadSplit> splits = plan(JsonLinesReader::new, source, 2000);
        assertThat(splits).hasSizeGreaterThan(5);
        ReadSplit last = splits.get(splits.size() - 1);
        assertThatThrownBy(() -> readSplits(JsonLinesReader::new, source, List.of(last)))
                .isInstanceOf(SourceDataException.class)
                .satisfies(e -> assertThat(((SourceDataException) e).location()).isEqualTo("bad.jsonl:2001"));
    }

    @Test
    void aQuoteLeftOpenLeavesTheFileInOnePieceAndTheErrorIsTheWholeRead() throws Exception {
        String text = "a,b\n1,\"open\n" + csvRows(2000, "\n");
        root.write("open.csv", text);
        SourceConfig source = csv("open.csv", Map.of());
        List<ReadSplit> splits = plan(CsvReader::new, source, 1000);
        assertThat(splits).singleElement()
                .satisfies(s -> assertThat(s.property(FileSplits.FILES)).doesNotContain("\"start\""));
        assertThatThrownBy(() -> readSplits(CsvReader::new, source, splits)).isInstanceOf(SourceDataException.class)
                .hasMessageContaining("quote opened on line 2");
    }

    @Test
    void everyRangeTakesTheHeaderOrTheContractNamesFromTheFilesFirstLine() throws Exception {
        // No header: the first line is data and its field count is the one every range expects.
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            text.append(i).append(";").append(i * 2).append("\n");
        }
        root.write("data.csv", text.toString());
        for (Map<String, Object> options : List.<Map<String, Object>>of(Map.of("header", false),
                Map.of("header", "auto"))) {
            SourceConfig source = csv("data.csv", options);
            List<ReadSplit> splits = plan(CsvReader::new, source, 1000);
            assertThat(splits).hasSizeGreaterThan(5);
            Read cut = readSplits(CsvReader::new, source, splits);
            assertThat(cut.columns()).containsExactly("a", "b");
            assertThat(cut.rows()).hasSize(2000).isEqualTo(readWhole(CsvReader::new, source).rows());
            assertThat(cut.rows().get(1999)).containsExactly("1999", "3998");
            assertThat(cut.positions().get(1999)).isEqualTo("data.csv:2000");
        }
        // A header names the columns of every range (here in another order than the contract's).
        root.write("named.csv", "b;a\n" + text);
        SourceConfig named = csv("named.csv", Map.of("header", true));
        List<ReadSplit> splits = plan(CsvReader::new, named, 1000);
        Read cut = readSplits(CsvReader::new, named, splits);
        assertThat(cut.columns()).containsExactly("b", "a");
        assertThat(cut.rows()).hasSize(2000).startsWith(List.of("0", "0"));
        assertThat(cut.positions().get(0)).isEqualTo("named.csv:2");
    }

    @Test
    void compressedAndUtf16FilesAreNotCut() throws Exception {
        String text = csvRows(2000, "\n");
        root.write("u16.csv", text.getBytes(StandardCharsets.UTF_16));
        root.write("le.csv", text.getBytes(StandardCharsets.UTF_16LE));
        root.write("gz.csv.gz", Compress.gzip(text.getBytes(StandardCharsets.UTF_8)));
        assertThat(plan(CsvReader::new, csv("u16.csv", Map.of()), 1000)).hasSize(1);
        assertThat(plan(CsvReader::new, csv("le.csv", Map.of("encoding", "utf-16le")), 1000)).hasSize(1);
        assertThat(plan(CsvReader::new, csv("gz.csv.gz", Map.of()), 100)).hasSize(1);
        // A UTF-8 byte order mark is dropped from the first range; against another declared encoding it wins, so
        // such a file is not cut.
        byte[] bom = ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8);
        root.write("bom.csv", bom);
        SourceConfig utf8 = csv("bom.csv", Map.of());
        List<ReadSplit> bomSplits = plan(CsvReader::new, utf8, 1000);
        assertThat(bomSplits).hasSizeGreaterThan(5);
        Read bomRead = readSplits(CsvReader::new, utf8, bomSplits);
        assertThat(bomRead.columns()).containsExactly("a", "b");
        assertThat(bomRead.rows()).hasSize(2000).isEqualTo(readWhole(CsvReader::new, utf8).rows());
        assertThat(plan(CsvReader::new, csv("bom.csv", Map.of("encoding", "latin-1")), 1000)).hasSize(1);
        // Latin-1 is one byte a character: it is cut, and each range is decoded the same.
        root.write("l1.csv", text.replace("w", "ü").getBytes(StandardCharsets.ISO_8859_1));
        SourceConfig latin = csv("l1.csv", Map.of("encoding", "latin-1"));
        List<ReadSplit> splits = plan(CsvReader::new, latin, 1000);
        assertThat(splits).hasSizeGreaterThan(5);
        assertThat(readSplits(CsvReader::new, latin, splits).rows()).isEqualTo(readWhole(CsvReader::new, latin).rows());
    }
}
