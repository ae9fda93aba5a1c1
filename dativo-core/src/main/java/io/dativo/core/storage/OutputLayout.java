package io.dativo.core.storage;

import io.dativo.api.AssetDefinition;
import io.dativo.api.DativoException;
import io.dativo.api.TargetConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a target's files go: the output base of an asset under the target's root location
 * ({@code target.connection.path}: a directory, or a URI such as {@code s3://bucket/lake} served by a storage plugin)
 * and prefix.
 */
public final class OutputLayout {

    private OutputLayout() {
    }

    /**
     * The directory or URI under which the asset's files go: {@code {root}/{prefix}/{domain}/{dataProduct}/{name}};
     * without a root, the relative part alone.
     */
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
        if (path == null) {
            return rel;
        }
        String root = root(target.baseDir(), path.toString());
        return rel.isEmpty() ? root : root.replaceAll("/+$", "") + "/" + rel;
    }

    /**
     * The root location a target's {@code connection.path} names: a URI as it is, a local path made absolute against
     * {@code baseDir}.
     */
    public static String root(String baseDir, String path) {
        String root = FileIOs.locate(baseDir, path);
        return FileIOs.isLocal(root) ? LocalFileIO.absolute("", root) : root;
    }
}
