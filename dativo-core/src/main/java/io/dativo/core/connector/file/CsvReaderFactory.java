package io.dativo.core.connector.file;

/** Makes {@link CsvReader}s for the {@code csv} connector type and declares their engine options. */
public final class CsvReaderFactory extends FileReaderFactory {

    /** The factory ServiceLoader makes. */
    public CsvReaderFactory() {
        super("csv", CsvReader::new, FileReaderOptions.csv());
    }
}
