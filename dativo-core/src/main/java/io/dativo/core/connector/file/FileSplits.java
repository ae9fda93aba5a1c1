package io.dativo.core.connector.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.dativo.api.DativoException;
import io.dativo.api.ReadSplit;
import io.dativo.core.internal.Json;
import io.dativo.core.storage.SourceFiles;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Packs file parts into splits and reads them back. A split's {@value #FILES} property is a JSON array with, per
 * part, its location, label, object, size and modification time (and its byte range and first line when it is not
 * the whole file), so a reader in another process reads it without listing the source again. Public for storage
 * plugins that re-plan a file reader's splits (such as one split per object store object).
 */
public final class FileSplits {

    /** The property of a split that lists its files. */
    public static final String FILES = "files";

    private FileSplits() {
    }

    /**
     * {@code parts} in order, packed into splits of up to {@code targetBytes}: consecutive whole files share a split
     * while their sizes add up to no more than the target; a file as large as the target or larger, and each part of a
     * file that was cut, is a split of its own (a file is cut so that its parts run at once).
     */
    public static List<ReadSplit> pack(List<FilePart> parts, long targetBytes) {
        List<ReadSplit> splits = new ArrayList<>();
        List<FilePart> current = new ArrayList<>();
        long bytes = 0;
        for (FilePart part : parts) {
            long size = Math.max(1, part.length());
            boolean alone = !part.isWhole();
            if (!current.isEmpty() && (alone || bytes + size > targetBytes)) {
                splits.add(split(splits.size(), current));
                current.clear();
                bytes = 0;
            }
            current.add(part);
            bytes += size;
            if (alone) {
                splits.add(split(splits.size(), current));
                current.clear();
                bytes = 0;
            }
        }
        if (!current.isEmpty()) {
            splits.add(split(splits.size(), current));
        }
        return splits;
    }

    private static ReadSplit split(int index, List<FilePart> parts) {
        List<Map<String, Object>> files = new ArrayList<>();
        for (FilePart p : parts) {
            SourceFiles.Entry e = p.file();
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("location", e.location());
            f.put("label", e.label());
            f.put("object", e.object());
            f.put("size", e.size());
            f.put("modified", e.lastModified().toString());
            if (!p.isWhole()) {
                f.put("start", p.start());
                f.put("length", p.length());
                f.put("line", p.line());
            }
            files.add(f);
        }
        try {
            return new ReadSplit("files-" + index, Map.of(FILES, Json.MAPPER.writeValueAsString(files)));
        } catch (JsonProcessingException e) {
            throw new DativoException("cannot describe split " + index + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The parts {@code split} lists, in order. */
    public static List<FilePart> parts(ReadSplit split) {
        String json = split.property(FILES);
        if (json == null) {
            throw new DativoException("split " + split.id() + " lists no files: it was not planned by a file reader");
        }
        List<Map<String, Object>> files;
        try {
            files = Json.MAPPER.readValue(json, new TypeReference<>() { });
        } catch (JsonProcessingException e) {
            throw new DativoException("split " + split.id() + ": its file list is not valid: "
                    + e.getOriginalMessage(), e);
        }
        List<FilePart> out = new ArrayList<>();
        for (Map<String, Object> f : files) {
            long size = ((Number) f.get("size")).longValue();
            SourceFiles.Entry e = new SourceFiles.Entry((String) f.get("location"), (String) f.get("label"),
                    (String) f.get("object"), size, Instant.parse((String) f.get("modified")));
            Object start = f.get("start");
            Object line = f.get("line");
            out.add(start == null ? FilePart.whole(e)
                    : new FilePart(e, ((Number) start).longValue(), ((Number) f.get("length")).longValue(),
                            line == null ? 1 : ((Number) line).longValue()));
        }
        return out;
    }
}
