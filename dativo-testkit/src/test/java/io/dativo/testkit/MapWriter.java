package io.dativo.testkit;

import io.dativo.api.BaseWriter;
import io.dativo.api.CommitSummary;
import io.dativo.api.Committer;
import io.dativo.api.ConnectionCheck;
import io.dativo.api.RejectedRecord;
import io.dativo.api.RunCommit;
import io.dativo.api.SplitWriter;
import io.dativo.api.TargetConfig;
import io.dativo.api.WriteContext;
import io.dativo.api.WriteFragment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A writer to an in-memory table named by connection {@code table}: split writers stage row counts under a staged
 * key, the committer moves them to the visible ones, once per key; rejected records the same way, under a key of their
 * own. Connection {@code fault} {@code visible-early} plants a writer whose output is visible as soon as it is
 * written, {@code rejects-early} one whose rejected records are.
 */
public class MapWriter implements BaseWriter {

    /** A table: staged and visible row counts by fragment location; rejects' locations end in {@code /rejects}. */
    record Table(Map<String, Long> staged, Map<String, Long> visible) {
        long visibleRecords() {
            return count(false);
        }

        long visibleRejects() {
            return count(true);
        }

        private long count(boolean rejects) {
            return visible.entrySet().stream().filter(e -> e.getKey().endsWith("/rejects") == rejects)
                    .mapToLong(Map.Entry::getValue).sum();
        }
    }

    static final Map<String, Table> TABLES = new ConcurrentHashMap<>();

    private Table table;
    private boolean visibleEarly;
    private boolean rejectsEarly;
    private String runId;

    /** The table named {@code name}, created empty if new. */
    static Table table(String name) {
        return TABLES.computeIfAbsent(name, n -> new Table(new ConcurrentHashMap<>(), new ConcurrentHashMap<>()));
    }

    @Override
    public void open(WriteContext context) {
        table = table(context.target().connection().get("table").toString());
        visibleEarly = "visible-early".equals(context.target().connection().get("fault"));
        rejectsEarly = "rejects-early".equals(context.target().connection().get("fault"));
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
    public boolean supportsRejects() {
        return true;
    }

    @Override
    public SplitWriter newSplitWriter(String splitId, int attempt) {
        String location = runId + "/" + splitId + "/" + attempt;
        String rejectsAt = location + "/rejects";
        return new SplitWriter() {
            long rows;
            long rejected;

            @Override
            public void write(VectorSchemaRoot batch) {
                rows += batch.getRowCount();
                (visibleEarly ? table.visible() : table.staged()).merge(location, (long) batch.getRowCount(),
                        Long::sum);
            }

            @Override
            public void writeRejects(List<RejectedRecord> rejects) {
                rejected += rejects.size();
                (rejectsEarly ? table.visible() : table.staged()).merge(rejectsAt, (long) rejects.size(),
                        Long::sum);
            }

            @Override
            public List<WriteFragment> finish() {
                List<WriteFragment> out = new ArrayList<>();
                if (rows > 0) {
                    out.add(new WriteFragment(WriteFragment.Kind.DATA, splitId, attempt, location, null, rows, 0,
                            null, null, null));
                }
                if (rejected > 0) {
                    out.add(new WriteFragment(WriteFragment.Kind.REJECTS, splitId, attempt, rejectsAt, null,
                            rejected, 0, null, null, null));
                }
                return out;
            }

            @Override
            public void abort() {
                table.staged().remove(location);
                table.staged().remove(rejectsAt);
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
