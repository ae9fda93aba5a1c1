package io.dativo.plugins.jdbc;

import io.dativo.api.ConfigProblem;
import io.dativo.api.ConfigException;
import io.dativo.api.ConnectionCheck;
import io.dativo.api.DativoException;
import io.dativo.api.ErrorKind;
import io.dativo.api.RetryableException;
import io.dativo.api.Secrets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Where and as whom to connect, resolved from a job's {@code connection} and {@code credentials} and the environment.
 * The password is held here only; {@link #toString()}, {@link #describe()} and every error leave it out.
 *
 * @param dialect    the database's dialect
 * @param url        the JDBC URL, without credentials
 * @param user       the user, or {@code null}
 * @param password   the password, or {@code null}
 * @param properties driver options passed through (SSL mode, timeouts, application name)
 * @param where      {@code host:port/database} or the masked URL, for messages
 */
record ConnectionSettings(Dialect dialect, String url, String user, String password, Map<String, String> properties,
                          String where) {

    /** Connection keys that are not driver options. */
    private static final Set<String> OWN_KEYS = Set.of("url", "host", "port", "database", "db", "user", "username",
            "password", "schema", "table", "properties");

    /**
     * Resolves the settings of connector {@code type}. User and password come from {@code credentials} (keys
     * {@code username}/{@code user} and {@code password}, or the {@code PGUSER=}/{@code PGPASSWORD=} lines of a
     * recipe's credentials file), then {@code connection}, then the environment ({@code PGUSER}/{@code PGPASSWORD},
     * {@code MYSQL_USER}/{@code MYSQL_PASSWORD}). Without a {@code url}, host, port and database not in
     * {@code connection} come from {@code PGHOST}/{@code PGPORT}/{@code PGDATABASE} ({@code MYSQL_HOST},
     * {@code MYSQL_PORT}, {@code MYSQL_DB}) as the databases' own clients take them.
     */
    static ConnectionSettings resolve(String type, Map<String, Object> connection, Map<String, Object> credentials,
                                      UnaryOperator<String> env) {
        String url = text(connection, "url");
        Dialect dialect = Dialect.of(type, url);
        UnaryOperator<String> fromEnv = what -> dialect.envVar(what) == null ? null
                : env.apply(dialect.envVar(what));
        String fileUser = dialect.envVar("USER") == null ? null : dialect.envVar("USER").toLowerCase(Locale.ROOT);
        String filePassword = dialect.envVar("PASSWORD") == null ? null
                : dialect.envVar("PASSWORD").toLowerCase(Locale.ROOT);
        String user = first(text(credentials, "username"), text(credentials, "user"),
                fileUser == null ? null : text(credentials, fileUser), text(connection, "username"),
                text(connection, "user"), fromEnv.apply("USER"));
        String password = first(text(credentials, "password"),
                filePassword == null ? null : text(credentials, filePassword), text(connection, "password"),
                fromEnv.apply("PASSWORD"));
        Properties props = new Properties();
        connection.forEach((k, v) -> {
            if (!OWN_KEYS.contains(k) && v != null && !(v instanceof Map)) {
                props.setProperty(k, v.toString());
            }
        });
        if (connection.get("properties") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> props.setProperty(k.toString(), String.valueOf(v)));
        }
        String where;
        if (url == null) {
            if (dialect.scheme() == null) {
                throw problem("connection.url", "a jdbc connection needs connection.url (such as "
                        + "jdbc:sqlserver://host:1433;databaseName=db); the driver must be on the class path");
            }
            // without a recipe (discover --connector postgres) the environment names the database
            String host = first(text(connection, "host"), fromEnv.apply("HOST"));
            String database = first(text(connection, "database"), text(connection, "db"),
                    fromEnv.apply("DATABASE"));
            if (host == null || database == null) {
                throw problem("connection", "give connection.url, or connection.host and connection.database (or "
                        + "set " + dialect.envVar("HOST") + " and " + dialect.envVar("DATABASE") + ")");
            }
            String port = first(text(connection, "port"), fromEnv.apply("PORT"));
            where = host + ":" + (port == null ? dialect.defaultPort() : port) + "/" + database;
            url = "jdbc:" + dialect.scheme() + "://" + where;
        } else {
            where = Secrets.maskUrl(url);
        }
        Map<String, String> properties = new java.util.TreeMap<>();
        props.forEach((k, v) -> properties.put(k.toString(), v.toString()));
        return new ConnectionSettings(dialect, url, user, password, properties, where);
    }

    private static ConfigException problem(String path, String message) {
        return new ConfigException(List.of(new ConfigProblem("job", 0, 0, path, message)));
    }

    /** Opens a connection; failures say what went wrong and where, never with the password. */
    Connection open() {
        Properties p = new Properties();
        p.putAll(properties);
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        try {
            return DriverManager.getConnection(url, p);
        } catch (SQLException e) {
            Failure f = classify(e);
            String message = "cannot connect to " + describe() + ": " + f.reason + " (" + scrub(e.getMessage()) + ")";
            // the driver's exception is left out: some repeat the URL, which may carry a password
            throw f == Failure.UNREACHABLE ? new RetryableException(message, null)
                    : new DativoException(ErrorKind.CONFIG, message, null);
        }
    }

    /**
     * A SQL failure as the error kind the engine acts on, without the password: a lost connection or a
     * serialization failure is transient, a missing table or column or a denied permission is configuration, and
     * the rest is {@code otherwise}.
     */
    DativoException translate(SQLException e, String doing, ErrorKind otherwise) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = doing + ": " + scrub(e.getMessage());
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                || state.startsWith("40")) {
            return new RetryableException(message, null);
        }
        if (state.equals("42P01") || state.equals("42S02") || state.equals("42703") || state.equals("42S22")
                || state.equals("42501") || state.equals("42000")) {
            return new DativoException(ErrorKind.CONFIG, message, null);
        }
        return new DativoException(otherwise, message, null);
    }

    /**
     * Connects and says whether that worked, and if not, which failure it was; then reads no row but the columns of
     * each of {@code relations} (quoted names or derived tables), so that a table the user may not read is reported
     * as permission denied, and a missing one as missing, before a run.
     */
    ConnectionCheck check(List<String> relations) {
        try (Connection c = open()) {
            for (String relation : relations) {
                try (Statement s = c.createStatement()) {
                    s.executeQuery("SELECT * FROM " + relation + " WHERE 1 = 0").close();
                } catch (SQLException e) {
                    Failure f = classify(e);
                    String missing = "42P01".equals(e.getSQLState()) || e.getErrorCode() == 1146 ? "TABLE_MISSING"
                            : f == Failure.PERMISSION ? f.code : "UNKNOWN";
                    return ConnectionCheck.failed(missing, "connected to " + describe() + " but cannot read "
                            + relation + ": " + (missing.equals("TABLE_MISSING") ? "table does not exist"
                            : missing.equals(f.code) ? f.reason : "query failed") + " (" + scrub(e.getMessage())
                            + ")");
                }
            }
            return ConnectionCheck.ok("connected to " + describe() + " (" + c.getMetaData().getDatabaseProductName()
                    + " " + c.getMetaData().getDatabaseProductVersion() + ")");
        } catch (DativoException e) {
            return ConnectionCheck.failed(codeOf(e.getMessage()), e.getMessage());
        } catch (SQLException e) {
            return ConnectionCheck.failed("UNKNOWN", "connected to " + describe() + " but: " + scrub(e.getMessage()));
        }
    }

    private static String codeOf(String message) {
        for (Failure f : Failure.values()) {
            if (message.contains(": " + f.reason + " (")) {
                return f.code;
            }
        }
        return "UNKNOWN";
    }

    /** What failed, from the SQL state and the vendor code of {@code e}. */
    static Failure classify(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        int code = e.getErrorCode();
        String msg = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (msg.contains("no suitable driver")) {
            return Failure.DRIVER;
        }
        // before the message test: MySQL words a denied database "Access denied for user ... to database"
        if (state.equals("42501") || code == 1044 || code == 1142 || code == 1143) {
            return Failure.PERMISSION;
        }
        if (state.equals("28P01") || state.equals("28000") || code == 1045 || msg.contains("access denied for user")
                || msg.contains("password authentication failed")) {
            return Failure.AUTH;
        }
        if (state.equals("3D000") || code == 1049 || msg.contains("unknown database")) {
            return Failure.DATABASE;
        }
        return Failure.UNREACHABLE;
    }

    /** The failures a connection attempt tells apart. */
    enum Failure {
        UNREACHABLE("HOST_UNREACHABLE", "host unreachable"),
        AUTH("AUTH_FAILED", "authentication failed"),
        DATABASE("DATABASE_MISSING", "database does not exist"),
        PERMISSION("PERMISSION_DENIED", "permission denied"),
        DRIVER("DRIVER_MISSING", "no JDBC driver on the class path accepts this URL");

        final String code;
        final String reason;

        Failure(String code, String reason) {
            this.code = code;
            this.reason = reason;
        }
    }

    /** {@code where} and the user, for messages. */
    String describe() {
        return where + (user == null ? "" : " as " + user);
    }

    /** {@code text} with the password, wherever a driver repeated it, masked. */
    String scrub(String text) {
        if (text == null) {
            return "";
        }
        String out = Secrets.maskUrl(text);
        return password == null || password.isEmpty() ? out : out.replace(password, Secrets.MASK);
    }

    @Override
    public String toString() {
        return "ConnectionSettings[" + dialect + " " + describe() + "]";
    }

    private static String text(Map<String, Object> map, String key) {
        Object v = map.get(key);
        return v == null || v.toString().isBlank() ? null : v.toString();
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
