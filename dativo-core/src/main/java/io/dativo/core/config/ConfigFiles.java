package io.dativo.core.config;

import io.dativo.api.ConfigProblem;
import io.dativo.core.config.YNode.YMap;
import io.dativo.core.config.YNode.YScalar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The files a job names (its connector recipes and data contract), resolved against the base directory.
 *
 * @param baseDir the directory relative paths resolve against
 */
record ConfigFiles(Path baseDir) {

    /** A file the job names and its parsed tree. */
    record Named(String path, YNode tree) {
    }

    Path resolve(String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p : baseDir.resolve(p).normalize();
    }

    /**
     * The file the job's {@code key} names, after variable substitution, parsed; empty when the key is absent, its
     * variables cannot be substituted, or the file cannot be read or parsed. A problem that has no place in the file
     * itself (not found, too large) is reported at the key, as a problem of {@code what}.
     */
    Optional<Named> read(YMap job, String key, String what, Variables vars, List<ConfigProblem> problems) {
        if (!(job.get(key) instanceof YScalar pathNode) || pathNode.value() == null) {
            return Optional.empty();
        }
        int before = problems.size();
        YScalar path = (YScalar) vars.substitute(pathNode, key, problems);
        if (problems.size() > before) {
            return Optional.empty();
        }
        List<ConfigProblem> own = new ArrayList<>();
        Optional<YNode> tree = Yaml.read(resolve(path.text()), path.text(), own);
        own.forEach(p -> problems.add(p.line() > 0 ? p : new ConfigProblem(path.loc().file(), path.loc().line(),
                path.loc().column(), key, what + " " + p.message())));
        return tree.map(t -> new Named(path.text(), t));
    }
}
