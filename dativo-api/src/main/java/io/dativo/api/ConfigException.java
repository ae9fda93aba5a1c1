package io.dativo.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A job that cannot run because its files are wrong. Carries every problem found, not just the first. Its kind is
 * {@link ErrorKind#CONFIG}.
 *
 * @since 0.1
 */
public class ConfigException extends DativoException {

    private final List<ConfigProblem> problems;

    /** An exception listing {@code problems}. */
    public ConfigException(List<ConfigProblem> problems) {
        super(ErrorKind.CONFIG, problems.size() + (problems.size() == 1 ? " configuration problem:\n  "
                : " configuration problems:\n  ")
                + problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n  ")), null);
        this.problems = List.copyOf(problems);
    }

    /** The problems, in the order found. */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
