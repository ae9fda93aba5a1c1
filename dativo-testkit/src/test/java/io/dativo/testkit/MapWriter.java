package io.dativo.testkit;

import io.dativo.api.BaseWriter;
import io.dativo.api.CommitSummary;
import io.dativo.api.Committer;
import io.dativo.api.ConnectionCheck;
import io.dativo.api.RunCommit;
import io.dativo.api.SplitWriter;
import io.dativo.api.TargetConfig;
import io.dativo.api.WriteContext;
import io.dativo.api.WriteFragment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A writer to an in-memory table named by connection {@code table}: split writers stage row counts under a staged
 * key, the committer moves them to the visible ones, once per key. Connection {@code fault} {@code visible-early}
 * plants a writer whose output is visible as soon as it is written.
 */
public class MapWriter implements BaseWriter {

    /** A table: staged and visible row counts by fragment location. */
    record Table(Map<String, Long> staged, Map<String, Long> visible) {
        long visibleRecords() {
            return visible.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    static final Map<String, Table> TABLES = new ConcurrentHashMap<>();

    private Table table;
    private boolean visibleEarly;
    private String runId;

    /** The table named {@code name}, created empty if new. */
    static Table table(String name) {
        return TABLES.computeIfAbsent(name, n -> new Table(new ConcurrentHashMap<>(), new ConcurrentHashMap<>()));
    }

    @Override
    public void open(WriteContext context) {
        table = table(context.target().connection().get("table").toString());
        visibleEarly = "visible-early".equals(context.target().connection().get("fault"));
        runId = context.runId();
    }

    @Override
    public ConnectionCheck checkConnection(TargetConfig target) {
        return target.connection().containsKey("table") ? ConnectionCheck.ok("table")
                : ConnectionCheck.failed("CONFIG", "connection.table is missing");
    }

    @Override
    public boolean stagesIndependently() {
        return true;
    }

    @Override
    public SplitWriter newSplitWriter(String splitId, int attempt) {
        String location = runId + "/" + splitId + "/" + attempt;
        return new SplitWriter() {
            long rows;

            @Override
            public void write(VectorSchemaRoot batch) {
                rows += batch.getRowCount();
                (visibleEarly ? table.visible() : table.staged()).merge(location, (long) batch.getRowCount(),
                        Long::sum);
            }

            @Override
            public List<WriteFragment> finish() {
                return List.of(new WriteFragment(WriteFragment.Kind.DATA, splitId, attempt, location, null, rows,
                        0, null, null, null));
            }

            @Override
            public void abort() {
                table.staged().remove(location);
            }
        };
    }

    @Override
    public Committer committer() {
        return new Committer() {
            @Override
            public CommitSummary commit(List<WriteFragment> fragments, RunCommit commit) {
                long records = 0;
                for (WriteFragment f : fragments) {
                    Long staged = table.staged().remove(f.location());
                    if (staged != null) {
                        table.visible().put(f.location(), staged);
                    }
                    records += f.records();
                }
                return new CommitSummary(fragments.size(), records, Map.of());
            }

            @Override
            public void abort(List<WriteFragment> fragments) {
                fragments.forEach(f -> table.staged().remove(f.location()));
            }

            @Override
            public Optional<RunCommit> lastCommit(String tenantId, String job) {
                return Optional.empty();
            }
        };
    }
}
