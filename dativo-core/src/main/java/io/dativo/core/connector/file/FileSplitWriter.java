package io.dativo.core.connector.file;

import io.dativo.api.RejectedRecord;
import io.dativo.api.SplitWriter;
import io.dativo.api.WriteFragment;
import io.dativo.api.io.FileIO;
import io.dativo.api.io.PendingFile;
import io.dativo.api.io.PositionOutputStream;
import io.dativo.core.format.FormatWriter;
import io.dativo.core.internal.Json;
import io.dativo.core.storage.PathNames;
import io.dativo.core.vector.ValueText;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Writes one attempt of one split of a file target: rows go to a file per partition ({@code ingest_date} is the
 * run's date, other columns take the row's value, {@value #NULL_PARTITION} for null and for the empty text, as
 * Spark writes them; a column with a partition text function keeps the empty text as a value of its own), staged
 * through
 * {@link FileIO#newOutputFile} and so invisible until a committer publishes them. Files are named
 * {@code part-{run}-{split}-a{attempt}-{seq}.{ext}}, so no two splits or attempts of a run collide. Before its first
 * file, the writer makes sure the run holds its lease.
 */
final class FileSplitWriter implements SplitWriter {

    /** The partition value of null, as Hive, Spark and Trino write it. */
    static final String NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__";

    /** Takes the run's lease in this process, once, before anything is staged. */
    interface LeaseHolder {
        void hold() throws IOException;
    }

    private final FileTarget target;
    private final String splitId;
    private final int attempt;
    private final LeaseHolder lease;
    private final PartitionedFiles files;
    private final List<WriteFragment> done = new ArrayList<>();
    private int sequence;
    private boolean ended;

    FileSplitWriter(FileTarget target, String splitId, int attempt, LeaseHolder lease) {
        this.target = target;
        this.splitId = splitId;
        this.attempt = attempt;
        this.lease = lease;
        this.files = new PartitionedFiles(target, splitId, attempt, this::dataLocation);
    }

    private String name(boolean rejects, String ext) {
        return String.format("%s%s-a%d-%05d%s", FileTarget.prefix(rejects, target.runId()),
                PathNames.escape(splitId), attempt, ++sequence, ext);
    }

    private String dataLocation(String partitionPath) {
        try {
            lease.hold();
        } catch (IOException e) {
            throw new LeaseException(e);
        }
        String dir = partitionPath.isEmpty() ? target.outputBase() : target.io().resolve(target.outputBase(),
                partitionPath);
        return target.io().resolve(dir, name(false, FormatWriter.extension(target.format())));
    }

    /** A lease that cannot be written, carried out of the file namer. */
    private static final class LeaseException extends RuntimeException {
        LeaseException(IOException cause) {
            super(cause);
        }
    }

    @Override
    public void write(VectorSchemaRoot batch) throws IOException {
        int rows = batch.getRowCount();
        if (rows == 0) {
            return;
        }
        try {
            List<String> columns = target.partitioning().stream().filter(c -> !c.equals("ingest_date")).toList();
            if (columns.isEmpty()) {
                files.write(partitionFor(batch, -1), batch, null, rows, done);
                return;
            }
            Map<String, int[]> groups = new LinkedHashMap<>();
            Map<String, Integer> sizes = new HashMap<>();
            Map<String, Map<String, String>> values = new HashMap<>();
            for (int r = 0; r < rows; r++) {
                Map<String, String> pv = partitionFor(batch, r);
                String key = PathNames.pathOf(pv);
                values.putIfAbsent(key, pv);
                int[] idx = groups.computeIfAbsent(key, k -> new int[rows]);
                int n = sizes.merge(key, 1, Integer::sum);
                idx[n - 1] = r;
            }
            for (Map.Entry<String, int[]> g : groups.entrySet()) {
                files.write(values.get(g.getKey()), batch, g.getValue(), sizes.get(g.getKey()), done);
            }
        } catch (LeaseException e) {
            throw (IOException) e.getCause();
        }
    }

    private Map<String, String> partitionFor(VectorSchemaRoot batch, int row) {
        Map<String, String> pv = new LinkedHashMap<>();
        for (String col : target.partitioning()) {
            if (col.equals("ingest_date")) {
                pv.put(col, target.ingestDate());
            } else if (row >= 0) {
                FieldVector v = batch.getVector(col);
                String text = v == null ? null : ValueText.text(v, row);
                UnaryOperator<String> transform = target.partitionText().get(col);
                if (transform != null && text != null) {
                    // A table format keeps the partition value apart from the path: the empty text is a value.
                    text = transform.apply(text);
                    pv.put(col, text == null ? NULL_PARTITION : text);
                } else {
                    pv.put(col, text == null || text.isEmpty() ? NULL_PARTITION : text);
                }
            }
        }
        return pv;
    }

    @Override
    public void writeRejects(List<RejectedRecord> rejects) throws IOException {
        if (rejects.isEmpty()) {
            return;
        }
        lease.hold();
        String dir = target.io().resolve(target.io().resolve(target.outputBase(), FileTarget.REJECTS_DIR),
                "ingest_date=" + target.ingestDate());
        String location = target.io().resolve(dir, name(true, ".jsonl"));
        PositionOutputStream out = target.io().newOutputFile(location).create();
        try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
            for (RejectedRecord r : rejects) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("position", r.position());
                line.put("errors", r.errors());
                line.put("record", r.values());
                w.write(Json.MAPPER.writeValueAsString(line));
                w.write('\n');
            }
        } finally {
            out.close();
        }
        PendingFile pending = out.pending();
        done.add(new WriteFragment(WriteFragment.Kind.REJECTS, splitId, attempt, location, pending, rejects.size(),
                pending.size(), Map.of("ingest_date", target.ingestDate()), Map.of(),
                Map.of("run_id", target.runId(), "format", "jsonl")));
    }

    @Override
    public List<WriteFragment> finish() throws IOException {
        try {
            files.finish(done);
        } catch (LeaseException e) {
            throw (IOException) e.getCause();
        }
        ended = true;
        return List.copyOf(done);
    }

    @Override
    public void abort() throws IOException {
        ended = true;
        List<PendingFile> staged = new ArrayList<>(files.abort());
        for (WriteFragment f : done) {
            staged.add(f.pending());
        }
        done.clear();
        IOException failure = null;
        for (PendingFile p : staged) {
            try {
                target.io().abort(p);
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** A writer closed neither finished nor aborted discards what it staged. */
    @Override
    public void close() throws IOException {
        if (!ended) {
            abort();
        }
    }
}
