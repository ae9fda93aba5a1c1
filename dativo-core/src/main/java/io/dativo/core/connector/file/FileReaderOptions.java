package io.dativo.core.connector.file;

import io.dativo.api.OptionSpec;
import io.dativo.api.ReadContext;
import io.dativo.api.OptionSpec.Type;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The engine options and incremental strategy every built-in file reader shares. */
final class FileReaderOptions {

    /** Reads only files modified since the last run. */
    static final Set<String> STRATEGIES = Set.of(ModifiedTimeCursor.STRATEGY);

    static final OptionSpec ENCODING = OptionSpec.optional("encoding", Type.STRING, "utf-8",
            "the files' character set, such as utf-8 or utf-16-le; a byte order mark wins");
    /** What becomes of bytes that are not valid UTF-8 after decoding: an invalid value, or U+FFFD. */
    static final OptionSpec ENCODING_ERRORS = OptionSpec.choice("encoding_errors", "invalid",
            "text that is not valid in its encoding: invalid (an invalid value, handled by the validation mode, with "
                    + "its file and line) or replace (each ill-formed sequence becomes U+FFFD)", "invalid", "replace");
    static final OptionSpec BATCH_SIZE = OptionSpec.optional("batch_size", Type.INTEGER, 65_536,
            "records per Arrow batch, at least 1");
    /**
     * Records per batch of CSV and JSON Lines files unless {@code batch_size} says otherwise: smaller than other
     * sources' batches, so that a batch's text and typed columns stay in the processor's caches while it is parsed,
     * validated and encoded (measured on a 17-column file: a third less memory, validation's share of the CPU down
     * from 11-13% to 9-10%, and no more CPU in all).
     */
    static final int TEXT_BATCH_SIZE = 8192;
    static final OptionSpec TEXT_BATCH = OptionSpec.optional(BATCH_SIZE.name(), Type.INTEGER, TEXT_BATCH_SIZE,
            "records per Arrow batch, at least 1");

    private FileReaderOptions() {
    }

    /** Whether the source's {@code encoding_errors} option asks for ill-formed text to be replaced. */
    /**
     * The rows per batch of a CSV or JSON Lines source: its {@code batch_size}, else the context's batch size up to
     * {@link #TEXT_BATCH_SIZE}.
     */
    static int textBatchSize(Map<String, Object> engineOptions, ReadContext context) {
        return engineOptions.containsKey(BATCH_SIZE.name()) ? context.batchSize()
                : Math.min(context.batchSize(), TEXT_BATCH_SIZE);
    }

    static boolean replaceEncodingErrors(Map<String, Object> engineOptions) {
        Object v = engineOptions.get(ENCODING_ERRORS.name());
        return v != null && String.valueOf(v).trim().equalsIgnoreCase("replace");
    }

    static List<OptionSpec> csv() {
        return List.of(ENCODING, ENCODING_ERRORS, TEXT_BATCH,
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
        return List.of(ENCODING, ENCODING_ERRORS, TEXT_BATCH);
    }
}
