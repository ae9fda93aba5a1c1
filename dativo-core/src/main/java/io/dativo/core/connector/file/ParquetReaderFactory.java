package io.dativo.core.connector.file;

import java.util.List;

/** Makes {@link ParquetReader}s for the {@code parquet} connector type and declares their engine options. */
public final class ParquetReaderFactory extends FileReaderFactory {

    /** The factory ServiceLoader makes. */
    public ParquetReaderFactory() {
        super("parquet", ParquetReader::new, List.of(FileReaderOptions.BATCH_SIZE));
    }
}
