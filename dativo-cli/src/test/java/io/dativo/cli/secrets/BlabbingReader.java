package io.dativo.cli.secrets;

import io.dativo.api.BaseReader;
import io.dativo.api.BatchSink;
import io.dativo.api.ConnectionCheck;
import io.dativo.api.DiscoveredObject;
import io.dativo.api.ReadContext;
import io.dativo.api.SourceConfig;
import java.util.List;

/**
 * A plugin reader, packed into a jar by the secrets test, that puts its password (from the source's credentials)
 * and its session key (an engine option its factory declares secret) into every message it has.
 */
public final class BlabbingReader implements BaseReader {

    private String password;
    private String sessionKey;
    private boolean extracted;

    @Override
    public void open(SourceConfig source) {
        password = String.valueOf(source.credentials().get("password"));
        sessionKey = String.valueOf(source.engineOptions().get("session_key"));
    }

    @Override
    public void extract(ReadContext context, BatchSink sink) {
        extracted = true;
        throw new IllegalStateException("login as bob with password " + password + " and key " + sessionKey
                + " refused");
    }

    @Override
    public ConnectionCheck checkConnection() {
        return ConnectionCheck.failed("AUTH_" + password, "cannot log in with " + password + "/" + sessionKey);
    }

    @Override
    public List<DiscoveredObject> discover() {
        throw new IllegalStateException("cannot list tables with password " + password + " and key " + sessionKey);
    }

    @Override
    public void close() {
        if (extracted) {
            throw new IllegalStateException("cannot close session of password " + password + " and key "
                    + sessionKey);
        }
    }
}
