package io.dativo.api;

/**
 * One problem found in a job, recipe or contract file.
 *
 * @param file    the file, as given or resolved
 * @param line    1-based line, or 0 when the problem is not at a place in the file
 * @param column  1-based column, or 0
 * @param path    the YAML path, such as {@code source.files[0].path}, or empty for the whole file
 * @param message what is wrong and what was expected
 * @since 0.1
 */
public record ConfigProblem(String file, int line, int column, String path, String message) {

    /** {@code file:line:column path: message}, leaving out what is not known. */
    @Override
    public String toString() {
        String where = line > 0 ? file + ":" + line + ":" + column : file;
        return where + (path.isEmpty() ? "" : " " + path) + ": " + message;
    }
}
