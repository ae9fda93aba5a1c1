package io.dativo.core;

import io.dativo.api.BaseReader;
import io.dativo.api.BaseWriter;
import io.dativo.api.ConnectionCheck;
import io.dativo.api.DativoException;
import io.dativo.api.DiscoveredObject;
import io.dativo.core.config.JobSpec;
import io.dativo.core.config.Masker;
import io.dativo.core.plugin.Plugins;
import io.dativo.core.run.RunExecution;
import java.util.List;

/**
 * What a host does with a pipeline besides running it: test its connections, discover the source's objects, and
 * recover the target from dead runs. Each uses fresh reader or writer instances and masks secrets in its failures.
 */
record Preflight(JobSpec spec, Masker masker, PipelineParts parts) {

    Pipeline.Checks check() {
        ConnectionCheck source;
        try (Plugins.Loaded<BaseReader> r = Connectors.readers(parts.reader(), spec.source()).get();
             BaseReader in = r.instance()) {
            in.open(spec.source());
            source = in.checkConnection();
        } catch (Exception e) {
            source = ConnectionCheck.failed(e.getClass().getSimpleName(), e.getMessage());
        }
        ConnectionCheck target;
        try (Plugins.Loaded<BaseWriter> w = Connectors.writers(parts.writer(), spec.target()).get()) {
            target = w.instance().checkConnection(spec.target());
        } catch (Exception e) {
            target = ConnectionCheck.failed(e.getClass().getSimpleName(), e.getMessage());
        }
        return new Pipeline.Checks(masked(source), masked(target));
    }

    /** {@code check} with its message and code masked; a plugin's check may quote a path or URL holding a secret. */
    private ConnectionCheck masked(ConnectionCheck check) {
        return check == null ? ConnectionCheck.failed("NO_RESULT", "the connector's check returned nothing")
                : new ConnectionCheck(check.success(), masker.mask(check.message()), masker.mask(check.errorCode()));
    }

    List<DiscoveredObject> discover() {
        try (Plugins.Loaded<BaseReader> r = Connectors.readers(parts.reader(), spec.source()).get();
             BaseReader in = r.instance()) {
            in.open(spec.source());
            return in.discover();
        } catch (Exception e) {
            throw masked(e, "discovery failed: ");
        }
    }

    List<String> recover() {
        try {
            return masker.mask(RunExecution.recover(spec, Connectors.writers(parts.writer(), spec.target())));
        } catch (Exception e) {
            throw masked(e, "recovery failed: ");
        }
    }

    /** {@code e} as a {@link DativoException} (wrapped, with {@code prefix} said, if it is not one), masked. */
    static RuntimeException masked(Masker masker, Exception e, String prefix) {
        return (RuntimeException) new FailureMasking(masker).mask(e instanceof DativoException ? e
                : new DativoException(prefix + e.getMessage(), e));
    }

    private RuntimeException masked(Exception e, String prefix) {
        return masked(masker, e, prefix);
    }
}
