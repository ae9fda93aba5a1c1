package io.dativo.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.parquet.Version;
import org.junit.jupiter.api.Test;

/**
 * {@link ParquetBatchWriter} hands pages it encodes itself to parquet-java's page store, relying on how that version
 * writes pages, statistics and indexes. A new parquet-java version must be checked against them first.
 */
class ParquetVersionPinTest {

    /** The parquet-java version that {@link NativePagesComparisonTest} last passed with. */
    static final String COMPARED_VERSION = "1.17.1";

    @Test
    void parquetJavaIsTheVersionTheNativePagesWereComparedWith() {
        assertThat(Version.VERSION_NUMBER)
                .as("parquet-java changed from %s to %s: run NativePagesComparisonTest (it compares the pages "
                        + "ParquetBatchWriter encodes itself with parquet-java's column writers), and when it passes, "
                        + "set COMPARED_VERSION to the new version", COMPARED_VERSION, Version.VERSION_NUMBER)
                .isEqualTo(COMPARED_VERSION);
    }
}
