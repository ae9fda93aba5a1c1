package io.dativo.core.connector.file;

/** Makes {@link JsonLinesReader}s for the {@code jsonl} connector type and declares their engine options. */
public final class JsonLinesReaderFactory extends FileReaderFactory {

    /** The factory ServiceLoader makes. */
    public JsonLinesReaderFactory() {
        super("jsonl", JsonLinesReader::new, FileReaderOptions.jsonl());
    }
}
