package io.dativo.core.connector.file;

import io.dativo.api.BatchSink;
import io.dativo.api.DativoException;
import io.dativo.api.DiscoveredObject;
import io.dativo.api.FieldSpec;
import io.dativo.api.DataType;
import io.dativo.api.ReadContext;
import io.dativo.api.SourceBatch;
import io.dativo.api.SourceDataException;
import io.dativo.api.io.InputFile;
import io.dativo.core.format.CsvParser;
import io.dativo.core.storage.SourceFiles;
import io.dativo.core.storage.SourceStreams;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads CSV files into batches of text columns; the pipeline coerces them to the contract. Engine options:
 * {@code encoding} (default utf-8; a byte order mark wins), {@code delimiter} (default {@code ,}; {@code \t} or
 * {@code tab} for tabs), {@code quote_char} (default {@code "}), {@code header} ({@code true}, {@code false} or
 * {@code auto}, the default), {@code null_values} (default: the empty unquoted field), {@code encoding_errors}
 * ({@code invalid}, the default: ill-formed UTF-8 is an invalid value; {@code replace}: it becomes U+FFFD),
 * {@code batch_size}. Files
 * whose names end in {@code .gz} or {@code .zst} are decompressed as they are read. A large uncompressed file is
 * cut into ranges of whole records that run as separate splits; each range takes its header from the file's first
 * line and numbers its lines as the whole file does.
 *
 * <p>Without a header, columns take the contract's field names in order (extra columns are named
 * {@code column_N}). With {@code header: auto}, the first row is a header when one of its fields names a contract
 * field; otherwise it is data when one of its fields looks like data (a number or boolean) or when it has as many
 * fields as the contract, and the run fails saying so when it has neither, so that no record is dropped and no
 * header drops every contract column. Discovery, which has no contract, takes it as a header unless one of its
 * fields looks like data. When the first record holds no delimiter but
 * a tab, semicolon or pipe, that character is used instead, with a warning.
 */
public final class CsvReader extends FileSourceReader {

    private static final Logger LOG = LoggerFactory.getLogger(CsvReader.class);

    @Override
    public Set<String> connectorTypes() {
        return Set.of("csv");
    }

    /**
     * Estimated from the files' sizes and the line length of the first file's first 64 KiB; none for compressed
     * files, whose sizes say little about their lines.
     */
    @Override
    public OptionalLong totalRecordsEstimate() {
        if (source().incremental() != null) {
            return OptionalLong.empty();
        }
        try {
            List<SourceFiles.Entry> files = files();
            if (files.isEmpty()) {
                return OptionalLong.of(0);
            }
            long total = 0;
            for (SourceFiles.Entry e : files) {
                if (SourceStreams.compressed(e.location())) {
                    return OptionalLong.empty();
                }
                total += e.size();
            }
            byte[] sample = new byte[1 << 16];
            int n;
            try (InputStream in = inputFile(files.get(0).location()).newStream()) {
                n = in.readNBytes(sample, 0, sample.length);
            }
            int lines = 0;
            for (int i = 0; i < n; i++) {
                lines += sample[i] == '\n' ? 1 : 0;
            }
            return lines == 0 ? OptionalLong.empty() : OptionalLong.of(total * lines / n);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** Rows read per file to infer column types. */
    static final int DISCOVERY_SAMPLE = 1000;

    /**
     * Each file with its columns; types are inferred from the first {@value #DISCOVERY_SAMPLE} rows (integer,
     * double, boolean, date, timestamp, else string), and a column with an empty value is not required.
     */
    @Override
    public List<DiscoveredObject> discover() throws IOException {
        List<DiscoveredObject> out = new ArrayList<>();
        for (SourceFiles.Entry e : files()) {
            try (CsvParser p = openFirst(inputFile(e.location()), FilePart.whole(e), e.label())) {
                if (p.fieldCount() == 0) {
                    out.add(new DiscoveredObject(e.object(), List.of()));
                    continue;
                }
                List<String> names = new ArrayList<>();
                boolean header = header(p, List.of(), e.label());
                for (int i = 0; i < p.fieldCount(); i++) {
                    names.add(header ? p.text(i).trim() : "column_" + (i + 1));
                }
                List<EnumSet<DataType>> possible = new ArrayList<>();
                boolean[] empty = new boolean[names.size()];
                names.forEach(n -> possible.add(EnumSet.of(DataType.LONG, DataType.DOUBLE,
                        DataType.BOOLEAN, DataType.DATE, DataType.TIMESTAMP)));
                boolean[] seen = new boolean[names.size()];
                boolean pending = !header;
                for (int row = 0; row < DISCOVERY_SAMPLE && (pending || p.next()); row++) {
                    pending = false;
                    for (int c = 0; c < Math.min(p.fieldCount(), names.size()); c++) {
                        String v = p.text(c);
                        if (v.isEmpty()) {
                            empty[c] = true;
                            continue;
                        }
                        seen[c] = true;
                        possible.get(c).removeIf(t -> !CsvGuess.fits(t, v));
                    }
                }
                List<FieldSpec> fields = new ArrayList<>();
                for (int c = 0; c < names.size(); c++) {
                    DataType type = !seen[c] ? DataType.STRING : possible.get(c).stream().findFirst()
                            .orElse(DataType.STRING);
                    fields.add(FieldSpec.of(names.get(c), type, seen[c] && !empty[c]));
                }
                out.add(new DiscoveredObject(e.object(), fields));
            }
        }
        return out;
    }

    /** TRUE, FALSE, or null for auto. */
    private Boolean headerOption() {
        String h = source().option("header", "auto").trim().toLowerCase(Locale.ROOT);
        return switch (h) {
            case "true", "yes", "1" -> Boolean.TRUE;
            case "false", "no", "0" -> Boolean.FALSE;
            case "auto" -> null;
            default -> throw new DativoException("source.engine.options.header: expected true, false or auto, found '"
                    + h + "'");
        };
    }

    /** The {@code delimiter} option, {@code \t} and {@code tab} meaning a tab. */
    private String delimiterOption() {
        String delimiter = source().option("delimiter", ",");
        return delimiter.equals("\\t") || delimiter.equalsIgnoreCase("tab") ? "\t" : delimiter;
    }

    /** The {@code quote_char} option as a byte. */
    private byte quoteOption() {
        String quote = source().option("quote_char", "\"");
        if (quote.length() != 1) {
            throw new DativoException("source.engine.options: delimiter and quote_char must be one character each");
        }
        return (byte) quote.charAt(0);
    }

    private Charset encoding() {
        return SourceStreams.charset(source().option("encoding", "utf-8"));
    }

    /** A parser of {@code raw} bytes, whose first byte is on line {@code firstLine}; closes them if it fails. */
    private CsvParser parser(InputStream raw, String label, String delimiter, long firstLine) throws IOException {
        try {
            if (delimiter.length() != 1) {
                throw new DativoException("source.engine.options: delimiter and quote_char must be one character "
                        + "each");
            }
            return new CsvParser(SourceStreams.utf8(raw, encoding()), label, (byte) delimiter.charAt(0),
                    quoteOption(), firstLine);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private byte[][] nullTokens() {
        Object v = source().engineOptions().get("null_values");
        List<?> tokens = v instanceof List<?> l ? l : v == null ? List.of("") : List.of(v);
        return tokens.stream().map(t -> String.valueOf(t).getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    /**
     * The parser of {@code part} of the file, on its first record (none when it is empty); {@code part} starts at
     * the file's start. When that record holds no configured delimiter but a tab, semicolon or pipe, the file is
     * read with that character instead.
     */
    private CsvParser openFirst(InputFile file, FilePart part, String label) throws IOException {
        CsvParser first = parser(TextRanges.open(part, file), label, delimiterOption(), 1);
        try {
            if (first.next() && first.fieldCount() == 1) {
                String only = first.text(0);
                for (String candidate : List.of("\t", ";", "|")) {
                    if (only.contains(candidate)) {
                        LOG.warn("{}: the first record has no '{}'; reading it as {}-separated", label,
                                source().option("delimiter", ","), candidate.equals("\t") ? "tab" : candidate);
                        first.close();
                        first = parser(TextRanges.open(part, file), label, candidate, 1);
                        first.next();
                        break;
                    }
                }
            }
            return first;
        } catch (IOException | RuntimeException ex) {
            first.close();
            throw ex;
        }
    }

    /** Whether the first record is a header: as the {@code header} option says, or guessed against {@code fields}. */
    private boolean header(CsvParser first, List<FieldSpec> fields, String label) {
        Boolean option = headerOption();
        return option != null ? option : CsvGuess.looksLikeHeader(first, fields, label);
    }

    /**
     * A file larger than {@code targetBytes} is cut into ranges of whole records, as {@link TextRanges} says when; the
     * delimiter is the one the file's first record shows.
     */
    @Override
    protected List<FilePart> parts(SourceFiles.Entry file, long targetBytes) throws IOException {
        if (file.size() <= targetBytes) {
            return List.of(FilePart.whole(file));
        }
        InputFile input = inputFile(file.location());
        byte delimiter;
        try (CsvParser first = openFirst(input, FilePart.whole(file), file.label())) {
            delimiter = first.delimiter();
        }
        List<FilePart> parts = TextRanges.cut(file, input, targetBytes, encoding(), delimiter, quoteOption());
        LOG.debug("{}: {} bytes read as {} part(s)", file.label(), file.size(), parts.size());
        return parts;
    }

    @Override
    protected void read(FilePart part, InputFile file, ReadContext context, BatchSink sink) throws Exception {
        SourceFiles.Entry e = part.file();
        byte[][] nulls = nullTokens();
        boolean fromStart = part.start() == 0;
        CsvParser first = openFirst(file, fromStart ? part : FilePart.whole(e), e.label());
        CsvParser p = first;
        try {
            if (first.fieldCount() == 0) {
                return;
            }
            List<String> names = new ArrayList<>();
            boolean header = header(first, context.asset().schema(), e.label());
            if (header) {
                for (int i = 0; i < first.fieldCount(); i++) {
                    names.add(first.text(i).trim());
                }
            } else {
                context.asset().schema().forEach(f -> names.add(f.name()));
                for (int i = names.size(); i < first.fieldCount(); i++) {
                    names.add("column_" + (i + 1));
                }
            }
            String against = header ? "header has " : "first row has ";
            int expected = header ? names.size() : first.fieldCount();
            boolean pending = !header && fromStart;
            if (!fromStart) {
                // A range that starts mid-file takes its header, delimiter and field count from the file's first line.
                first.close();
                p = parser(TextRanges.open(part, file), e.label(), String.valueOf((char) first.delimiter()),
                        part.line());
            }
            int batchSize = FileReaderOptions.textBatchSize(source().engineOptions(), context);
            boolean onlyEmptyIsNull = nulls.length == 1 && nulls[0].length == 0;
            boolean replace = FileReaderOptions.replaceEncodingErrors(source().engineOptions());
            TextAppender[] appenders = new TextAppender[names.size()];
            for (int c = 0; c < appenders.length; c++) {
                appenders[c] = new TextAppender(batchSize, replace);
            }
            long[] lines = new long[batchSize];
            int n = 0;
            while (pending || p.next()) {
                pending = false;
                int fields = p.fieldCount();
                if (fields != expected) {
                    throw new SourceDataException(e.label() + ":" + p.recordLine(), "row has " + fields
                            + " fields where the " + against + expected);
                }
                byte[] bytes = p.bytes();
                for (int c = 0; c < Math.min(fields, appenders.length); c++) {
                    int start = p.start(c);
                    int len = p.length(c);
                    if (!p.quoted(c) && (onlyEmptyIsNull ? len == 0 : isNull(bytes, start, len, nulls))) {
                        appenders[c].appendNull(n);
                    } else {
                        appenders[c].append(n, bytes, start, len);
                    }
                }
                for (int c = fields; c < appenders.length; c++) {
                    appenders[c].appendNull(n);
                }
                lines[n++] = p.recordLine();
                if (n == batchSize) {
                    emit(names, appenders, n, e, lines, context, sink);
                    lines = new long[batchSize];
                    n = 0;
                    if (context.cancelled()) {
                        return;
                    }
                }
            }
            if (n > 0) {
                emit(names, appenders, n, e, Arrays.copyOf(lines, n), context, sink);
            }
        } finally {
            p.close();
        }
    }

    /** Moves the collected rows into a new batch and hands it over. */
    private static void emit(List<String> names, TextAppender[] appenders, int rows, SourceFiles.Entry e,
                             long[] lines, ReadContext context, BatchSink sink) throws Exception {
        List<FieldVector> vectors = new ArrayList<>(names.size());
        try {
            for (int c = 0; c < names.size(); c++) {
                VarCharVector v = new VarCharVector(names.get(c), context.allocator());
                vectors.add(v);
                appenders[c].moveTo(v, rows);
            }
        } catch (RuntimeException ex) {
            vectors.forEach(FieldVector::close);
            throw ex;
        }
        VectorSchemaRoot root = new VectorSchemaRoot(vectors);
        root.setRowCount(rows);
        try {
            sink.accept(new SourceBatch(root, e.object(), e.label(), lines));
        } catch (Exception | Error ex) {
            root.close();
            throw ex;
        }
    }

    private static boolean isNull(byte[] bytes, int start, int len, byte[][] tokens) {
        for (byte[] t : tokens) {
            if (t.length == len && Arrays.equals(bytes, start, start + len, t, 0, len)) {
                return true;
            }
        }
        return false;
    }

}
