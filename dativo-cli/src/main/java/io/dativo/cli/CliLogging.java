package io.dativo.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The command line's SLF4J backend: one line per event on standard error, human-readable or, with
 * {@code --log-format json}, a JSON object carrying the message, the run's tenant, job, asset and run id (from the
 * MDC) and the event's key-values (its counts). Level and format come from system properties the command sets
 * before anything logs.
 */
public final class CliLogging implements SLF4JServiceProvider {

    static final String FORMAT = "dativo.log.format";
    static final String LEVEL = "dativo.log.level";

    private final ILoggerFactory factory = new Factory();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new BasicMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
    }

    private static final class Factory implements ILoggerFactory {
        private final Map<String, Logger> loggers = new ConcurrentHashMap<>();

        @Override
        public Logger getLogger(String name) {
            return loggers.computeIfAbsent(name, CliLogger::new);
        }
    }

    /** Made on the first JSON log line: text logging, the default, never loads Jackson for it. */
    private static final class JsonHolder {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private static Level threshold() {
        try {
            return Level.valueOf(System.getProperty(LEVEL, "WARN").toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Level.WARN;
        }
    }

    private static final class CliLogger extends LegacyAbstractLogger implements org.slf4j.spi.LoggingEventAware {
        CliLogger(String name) {
            this.name = name;
        }

        private boolean on(Level level) {
            return level.toInt() >= threshold().toInt();
        }

        public boolean isTraceEnabled() {
            return on(Level.TRACE);
        }

        public boolean isDebugEnabled() {
            return on(Level.DEBUG);
        }

        public boolean isInfoEnabled() {
            return on(Level.INFO);
        }

        public boolean isWarnEnabled() {
            return on(Level.WARN);
        }

        public boolean isErrorEnabled() {
            return on(Level.ERROR);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                                                   Throwable t) {
            write(level, name, MessageFormatter.basicArrayFormat(pattern, args), List.of(), t);
        }

        @Override
        public void log(org.slf4j.event.LoggingEvent event) {
            if (!on(event.getLevel())) {
                return;
            }
            Object[] args = event.getArgumentArray();
            write(event.getLevel(), name, MessageFormatter.basicArrayFormat(event.getMessage(), args),
                    event.getKeyValuePairs() == null ? List.of() : event.getKeyValuePairs(), event.getThrowable());
        }
    }

    static void write(Level level, String logger, String message, List<KeyValuePair> pairs, Throwable t) {
        PrintStream err = System.err;
        Map<String, String> context = MDC.getCopyOfContextMap();
        if ("json".equals(System.getProperty(FORMAT))) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("ts", Instant.now().toString());
            line.put("level", level.name().toLowerCase(java.util.Locale.ROOT));
            line.put("logger", logger);
            if (context != null) {
                line.putAll(context);
            }
            for (KeyValuePair p : pairs) {
                line.put(p.key, p.value);
            }
            line.put("message", message);
            if (t != null) {
                line.put("error", t.toString());
            }
            try {
                err.println(JsonHolder.MAPPER.writeValueAsString(line));
            } catch (JsonProcessingException e) {
                err.println("{\"level\":\"error\",\"message\":\"log event could not be written as JSON\"}");
            }
            return;
        }
        StringBuilder sb = new StringBuilder(level.name()).append(' ').append(message);
        for (KeyValuePair p : pairs) {
            sb.append(' ').append(p.key).append('=').append(p.value);
        }
        if (context != null && context.containsKey("run_id")) {
            sb.append(" [").append(context.get("tenant")).append('/').append(context.get("job")).append('/')
                    .append(context.get("asset")).append(' ').append(context.get("run_id")).append(']');
        }
        err.println(sb);
        if (t != null && Boolean.getBoolean("dativo.verbose")) {
            t.printStackTrace(err);
        }
    }
}
