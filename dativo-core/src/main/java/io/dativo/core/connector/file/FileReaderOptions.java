package io.dativo.core.connector.file;

import io.dativo.api.OptionSpec;
import io.dativo.api.OptionSpec.Type;
import java.util.List;
import java.util.Set;

/** The engine options and incremental strategy every built-in file reader shares. */
final class FileReaderOptions {

    /** Reads only files modified since the last run. */
    static final Set<String> STRATEGIES = Set.of(ModifiedTimeCursor.STRATEGY);

    static final OptionSpec ENCODING = OptionSpec.optional("encoding", Type.STRING, "utf-8",
            "the files' character set, such as utf-8 or utf-16-le; a byte order mark wins");
    static final OptionSpec BATCH_SIZE = OptionSpec.optional("batch_size", Type.INTEGER, 65_536,
            "records per Arrow batch, at least 1");

    private FileReaderOptions() {
    }

    static List<OptionSpec> csv() {
        return List.of(ENCODING, BATCH_SIZE,
                OptionSpec.optional("delimiter", Type.STRING, ",", "the field separator, one character; \\t or tab "
                        + "for tabs"),
                OptionSpec.optional("quote_char", Type.STRING, "\"", "the quote character, one character"),
                new OptionSpec("header", Type.BOOLEAN, "auto", false, false,
                        "whether the first record names the columns; auto guesses against the contract",
                        List.of("auto")),
                OptionSpec.optional("null_values", Type.LIST, List.of(""),
                        "unquoted field texts read as null"));
    }

    static List<OptionSpec> jsonl() {
        return List.of(ENCODING, BATCH_SIZE);
    }
}
