package io.dativo.api;

/**
 * Input that cannot be read as records, such as an unclosed quote in a CSV file. Never retried.
 *
 * @since 0.1
 */
public class SourceDataException extends DativoException {

    private final String location;

    /**
     * @param location where, such as {@code path/to/file.csv:17}
     * @param problem  what is wrong there
     */
    public SourceDataException(String location, String problem) {
        super(ErrorKind.SOURCE_DATA, location + ": " + problem, null);
        this.location = location;
    }

    /** Where the problem is, such as {@code path/to/file.csv:17}. */
    public String location() {
        return location;
    }
}
