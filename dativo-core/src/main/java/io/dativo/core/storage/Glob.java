package io.dativo.core.storage;

import io.dativo.api.DativoException;
import java.util.regex.Pattern;

/**
 * A glob pattern matched against {@code /}-separated location strings, with the syntax and meaning of
 * the JDK's {@code FileSystem.getPathMatcher("glob:...")}: {@code *} matches within one segment, {@code **}
 * across segments, {@code ?} one character of a segment, {@code [abc]}, {@code [a-z]} and {@code [!a-z]} one
 * character of a segment from a set, {@code {a,b}} one of several sub-patterns, and {@code \} quotes the next
 * character. Works on strings so that object-store keys match as local paths do.
 */
public final class Glob {

    private static final String REGEX_META = ".^$+{[]|()";
    private static final String GLOB_META = "\\*?[{";

    private final String glob;
    private final Pattern pattern;

    private Glob(String glob, Pattern pattern) {
        this.glob = glob;
        this.pattern = pattern;
    }

    /**
     * The glob {@code glob}.
     *
     * @throws DativoException if it is malformed (an unclosed {@code [} or {@code {}, a nested group)
     */
    public static Glob of(String glob) {
        return new Glob(glob, Pattern.compile(toRegex(glob)));
    }

    /** True if {@code path} (a relative, {@code /}-separated path) matches the whole glob. */
    public boolean matches(String path) {
        return pattern.matcher(path).matches();
    }

    /** True if {@code s} holds a character that starts a wildcard ({@code * ? [ {}). */
    public static boolean hasWildcard(String s) {
        return firstWildcard(s) < s.length();
    }

    /** The index of the first wildcard character of {@code s}, or its length when it has none. */
    public static int firstWildcard(String s) {
        for (int i = 0; i < s.length(); i++) {
            if ("*?[{".indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }

    @Override
    public String toString() {
        return glob;
    }

    private static String toRegex(String glob) {
        StringBuilder regex = new StringBuilder("^");
        boolean inGroup = false;
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i++);
            switch (c) {
                case '\\' -> {
                    if (i == glob.length()) {
                        throw malformed(glob, "nothing to quote after '\\'", i - 1);
                    }
                    char next = glob.charAt(i++);
                    if (GLOB_META.indexOf(next) >= 0 || REGEX_META.indexOf(next) >= 0) {
                        regex.append('\\');
                    }
                    regex.append(next);
                }
                case '/' -> regex.append(c);
                case '[' -> i = bracket(glob, i, regex);
                case '{' -> {
                    if (inGroup) {
                        throw malformed(glob, "groups cannot be nested", i - 1);
                    }
                    regex.append("(?:(?:");
                    inGroup = true;
                }
                case '}' -> {
                    if (inGroup) {
                        regex.append("))");
                        inGroup = false;
                    } else {
                        regex.append('}');
                    }
                }
                case ',' -> regex.append(inGroup ? ")|(?:" : ",");
                case '*' -> {
                    if (i < glob.length() && glob.charAt(i) == '*') {
                        regex.append(".*");
                        i++;
                    } else {
                        regex.append("[^/]*");
                    }
                }
                case '?' -> regex.append("[^/]");
                default -> {
                    if (REGEX_META.indexOf(c) >= 0) {
                        regex.append('\\');
                    }
                    regex.append(c);
                }
            }
        }
        if (inGroup) {
            throw malformed(glob, "'{' is not closed", glob.length());
        }
        return regex.append('$').toString();
    }

    /** Appends the character class that starts after the {@code [} at {@code i - 1}; returns the index after it. */
    private static int bracket(String glob, int i, StringBuilder regex) {
        regex.append("[[^/]&&[");
        if (i < glob.length() && glob.charAt(i) == '^') {
            regex.append("\\^");
            i++;
        } else {
            if (i < glob.length() && glob.charAt(i) == '!') {
                regex.append('^');
                i++;
            }
            if (i < glob.length() && glob.charAt(i) == '-') {
                regex.append('-');
                i++;
            }
        }
        boolean hasRangeStart = false;
        char last = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i++);
            if (c == ']') {
                regex.append("]]");
                return i;
            }
            if (c == '/') {
                throw malformed(glob, "'/' cannot be matched by a character class", i - 1);
            }
            if (c == '\\' || c == '[' || (c == '&' && i < glob.length() && glob.charAt(i) == '&')) {
                regex.append('\\');
            }
            regex.append(c);
            if (c == '-') {
                if (!hasRangeStart) {
                    throw malformed(glob, "a range has no start", i - 1);
                }
                if (i == glob.length()) {
                    break;
                }
                c = glob.charAt(i++);
                if (c < last) {
                    throw malformed(glob, "a range ends before it starts", i - 3);
                }
                regex.append(c);
                hasRangeStart = false;
            } else {
                hasRangeStart = true;
                last = c;
            }
        }
        throw malformed(glob, "'[' is not closed", glob.length());
    }

    private static DativoException malformed(String glob, String why, int at) {
        return new DativoException("source.files: the glob '" + glob + "' is malformed: " + why + " (at character "
                + (at + 1) + ")");
    }
}
