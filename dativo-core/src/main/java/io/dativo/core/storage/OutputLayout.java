package io.dativo.core.storage;

import io.dativo.api.AssetDefinition;
import io.dativo.api.DativoException;
import io.dativo.api.TargetConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where a target's files go: the output base of an asset under a target's path, bucket and prefix. */
public final class OutputLayout {

    private OutputLayout() {
    }

    /** The directory or URI under which the asset's files go: {@code {root}/{prefix}/{domain}/{dataProduct}/{name}}. */
    public static String outputBase(TargetConfig target, AssetDefinition asset) {
        List<String> parts = new ArrayList<>();
        for (Object p : new Object[]{target.connection().get("prefix"), asset.domain(), asset.dataProduct(),
                asset.name()}) {
            if (p != null && !p.toString().isBlank()) {
                for (String seg : p.toString().split("/")) {
                    if (!seg.isEmpty()) {
                        if (seg.equals("..") || seg.equals(".")) {
                            throw new DativoException("output path segment '" + seg + "' is not allowed");
                        }
                        parts.add(seg);
                    }
                }
            }
        }
        String rel = String.join("/", parts);
        Object path = target.connection().get("path");
        if (path != null) {
            Path base = Path.of(target.baseDir());
            return base.resolve(path.toString()).resolve(rel).toAbsolutePath().normalize().toString();
        }
        Object bucket = target.connection().get("bucket");
        return bucket != null ? "s3://" + bucket + "/" + rel : rel;
    }
}
