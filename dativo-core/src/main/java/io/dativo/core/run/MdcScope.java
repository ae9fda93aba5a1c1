package io.dativo.core.run;

import java.util.Map;
import org.slf4j.MDC;

/**
 * The logging context of a run (tenant, job, asset, run id) on the current thread, for a try-with-resources block;
 * closing it restores what the thread had before, so a host's own context survives.
 */
public final class MdcScope implements AutoCloseable {

    private final Map<String, String> previous;

    private MdcScope(Map<String, String> previous) {
        this.previous = previous;
    }

    /** Sets the run's context on this thread until {@link #close()}. */
    public static MdcScope open(String tenant, String job, String asset, String runId) {
        MdcScope scope = new MdcScope(MDC.getCopyOfContextMap());
        MDC.put("tenant", tenant);
        MDC.put("job", job);
        MDC.put("asset", asset);
        MDC.put("run_id", runId);
        return scope;
    }

    @Override
    public void close() {
        if (previous == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(previous);
        }
    }
}
