package io.dativo.plugins.s3;

import io.dativo.api.AssetDefinition;
import io.dativo.api.ReadContext;
import io.dativo.api.ReadSplit;
import io.dativo.api.StateRecord;
import io.dativo.core.storage.SourceFiles;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A run's read context as core's file reader sees it when the stored {@code file_modified_time} position is a
 * {@link Watermark}: a committed watermark is shown as the file map of this run's listing, and every position the
 * reader proposes is reduced to a watermark again. A position in core's own form (a state written before) is shown
 * as it is, so the first run after it reads exactly what core would, and stores a watermark.
 */
final class WatermarkContext implements ReadContext {

    private final ReadContext run;
    private final Map<String, List<SourceFiles.Entry>> listing;
    private final Map<String, Optional<Watermark>> committed = new HashMap<>();

    /**
     * @param run     the run's context
     * @param listing the source's files by object, when the reader selects from a listing (a whole-source read or a
     *                plan); empty when it reads a planned split, which names its files
     */
    WatermarkContext(ReadContext run, Map<String, List<SourceFiles.Entry>> listing) {
        this.run = run;
        this.listing = listing;
    }

    private Optional<Watermark> committedMark(String object) {
        return committed.computeIfAbsent(object,
                o -> run.committedState(o).map(r -> Watermark.parse(o, r.values())));
    }

    @Override
    public Optional<StateRecord> committedState(String object) {
        Optional<StateRecord> stored = run.committedState(object);
        Optional<Watermark> mark = committedMark(object);
        if (stored.isEmpty() || mark.isEmpty()) {
            return stored;
        }
        StateRecord r = stored.get();
        return Optional.of(new StateRecord(r.key(), mark.get().asFileMap(listing.getOrDefault(object, List.of())),
                r.runId(), r.committedAt(), r.origin()));
    }

    @Override
    public void proposeState(String object, Map<String, Object> values) {
        Watermark proposed = Watermark.from(object, values);
        run.proposeState(object, proposed == null ? values
                : proposed.merge(committedMark(object).orElse(null)).toState());
    }

    @Override
    public BufferAllocator allocator() {
        return run.allocator();
    }

    @Override
    public AssetDefinition asset() {
        return run.asset();
    }

    @Override
    public int batchSize() {
        return run.batchSize();
    }

    @Override
    public String runId() {
        return run.runId();
    }

    @Override
    public ReadSplit split() {
        return run.split();
    }

    @Override
    public int parallelism() {
        return run.parallelism();
    }

    @Override
    public long targetSplitBytes() {
        return run.targetSplitBytes();
    }

    @Override
    public boolean cancelled() {
        return run.cancelled();
    }
}
