package io.dativo.core.connector.file;

import io.dativo.core.storage.SourceFiles;

/**
 * A byte range of a source file that one split reads: the whole file for text formats, a range of row groups for
 * Parquet. A reader of a range reads the records whose unit (a row group) starts inside it.
 *
 * @param file   the file
 * @param start  the first byte of the range
 * @param length the length of the range in bytes
 */
public record FilePart(SourceFiles.Entry file, long start, long length) {

    /** The whole of {@code file}. */
    public static FilePart whole(SourceFiles.Entry file) {
        return new FilePart(file, 0, file.size());
    }

    /** True if this part is the whole file. */
    public boolean isWhole() {
        return start == 0 && length == file.size();
    }
}
