package io.dativo.core.connector.file;

import io.dativo.core.storage.SourceFiles;

/**
 * A byte range of a source file that one split reads: the whole file, a range of row groups for Parquet, or a range
 * of whole lines for CSV and JSON Lines. A reader of a Parquet range reads the row groups that start inside it; a
 * text range starts at the beginning of a line and ends after a line break or at the end of the file.
 *
 * @param file   the file
 * @param start  the first byte of the range
 * @param length the length of the range in bytes
 * @param line   the line number of the range's first byte in a text file (1 for the whole file), so that errors in
 *               a range name the line a read of the whole file would
 */
public record FilePart(SourceFiles.Entry file, long start, long length, long line) {

    /** A range that starts on the file's first line, or one of a format without lines. */
    public FilePart(SourceFiles.Entry file, long start, long length) {
        this(file, start, length, 1);
    }

    /** The whole of {@code file}. */
    public static FilePart whole(SourceFiles.Entry file) {
        return new FilePart(file, 0, file.size());
    }

    /** True if this part is the whole file. */
    public boolean isWhole() {
        return start == 0 && length == file.size();
    }
}
