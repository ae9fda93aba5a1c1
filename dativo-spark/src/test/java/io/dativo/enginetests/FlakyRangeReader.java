package io.dativo.enginetests;

import io.dativo.api.ReadContext;
import io.dativo.api.ReadSplit;
import io.dativo.api.RowReader;
import io.dativo.api.SplitPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;

/**
 * A reader written against {@code dativo-api} alone and found by ServiceLoader (type {@code flaky_range}): the ids
 * {@code 0..total-1} in {@code splits} ranges. Its planted fault: split {@code fail_split} fails after handing over
 * a batch, {@code fail_times} times in all, counted by marker files under {@code markers} so that every attempt,
 * in whatever thread or process, sees the count. Split {@code block_split}, if named, blocks after its first batch
 * until its thread is interrupted, and says so with the marker file {@code blocking} under {@code markers}.
 */
public final class FlakyRangeReader extends RowReader {

    @Override
    public Set<String> connectorTypes() {
        return Set.of("flaky_range");
    }

    private long number(String key) {
        return Long.parseLong(String.valueOf(source.connection().getOrDefault(key, "0")));
    }

    @Override
    public SplitPlan planSplits(ReadContext context) {
        long total = number("total");
        int splits = (int) number("splits");
        List<ReadSplit> out = new ArrayList<>();
        for (int s = 0; s < splits; s++) {
            out.add(new ReadSplit("range-" + s, Map.of("from", String.valueOf(total * s / splits), "to",
                    String.valueOf(total * (s + 1) / splits))));
        }
        return SplitPlan.of(out);
    }

    @Override
    protected Iterator<List<Map<String, Object>>> extractRows(ReadContext context) {
        ReadSplit split = context.split();
        long from = Long.parseLong(split.property("from"));
        long to = Long.parseLong(split.property("to"));
        boolean failing = split.id().equals(source.connection().get("fail_split"));
        boolean blocking = split.id().equals(source.connection().get("block_split"));
        return new Iterator<>() {
            long next = from;

            @Override
            public boolean hasNext() {
                return next < to;
            }

            @Override
            public List<Map<String, Object>> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                if (blocking && next > from) {
                    block();
                }
                if (failing && next > from && fault(split.id())) {
                    throw new UncheckedIOException(new IOException("planted fault in split " + split.id()));
                }
                List<Map<String, Object>> rows = new ArrayList<>();
                for (long end = Math.min(to, next + 1000); next < end; next++) {
                    rows.add(Map.of("id", next));
                }
                return rows;
            }
        };
    }

    /** Blocks until the thread is interrupted, as a read waiting on a slow source does. */
    private void block() {
        try {
            Path markers = Path.of(String.valueOf(source.connection().get("markers")));
            Files.createDirectories(markers);
            Files.writeString(markers.resolve("blocking"), "");
            while (true) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while blocked");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True while fewer than {@code fail_times} faults were planted; records this one. */
    private boolean fault(String split) {
        Path markers = Path.of(String.valueOf(source.connection().get("markers")));
        synchronized (FlakyRangeReader.class) {
            try {
                Files.createDirectories(markers);
                try (Stream<Path> planted = Files.list(markers)) {
                    if (planted.count() >= number("fail_times")) {
                        return false;
                    }
                }
                Files.createTempFile(markers, split + "-", ".fault");
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
