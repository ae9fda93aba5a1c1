package io.dativo.cli.secrets;

import io.dativo.api.BaseReader;
import io.dativo.api.OptionSpec;
import io.dativo.api.ReaderFactory;
import java.util.List;
import java.util.Set;

/** The factory of {@link BlabbingReader}: its {@code session_key} option is secret by declaration, not by name. */
public final class BlabbingReaderFactory implements ReaderFactory {

    @Override
    public Set<String> types() {
        return Set.of("blabbing");
    }

    @Override
    public BaseReader create() {
        return new BlabbingReader();
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(OptionSpec.secret("session_key", "the session key"));
    }
}
