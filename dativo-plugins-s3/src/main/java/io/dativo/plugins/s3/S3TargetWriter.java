package io.dativo.plugins.s3;

import io.dativo.api.BaseWriter;
import io.dativo.api.Committer;
import io.dativo.api.ConnectionCheck;
import io.dativo.api.DativoException;
import io.dativo.api.SplitWriter;
import io.dativo.api.TargetConfig;
import io.dativo.api.WriteContext;
import io.dativo.core.connector.file.FileTargetWriter;
import io.dativo.core.connector.file.RetargetedContext;
import io.dativo.core.storage.OutputLayout;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * The {@code s3} and {@code minio} targets: core's file target ({@link FileTargetWriter}: formats, partitions, file
 * sizes, the manifest commit and recovery) writing to {@code s3://{bucket}/{prefix}/{domain}/{dataProduct}/{asset}}
 * through {@link S3FileIO}. This class only maps the connection ({@link S3Connection}) and checks it.
 */
final class S3TargetWriter implements BaseWriter {

    private final FileTargetWriter files = new FileTargetWriter();

    @Override
    public Set<String> connectorTypes() {
        return S3TargetFactory.TYPES;
    }

    /** Lists the target's prefix and starts (then aborts) an upload there: nothing becomes visible. */
    @Override
    public ConnectionCheck checkConnection(TargetConfig target) {
        TargetConfig mapped;
        S3Settings settings;
        try {
            mapped = S3Connection.target(target);
            settings = S3Settings.from(S3Connection.properties(target.connection(), target.credentials()));
        } catch (DativoException e) {
            return ConnectionCheck.failed("CONFIG", e.getMessage());
        }
        String root = mapped.connection().get("path").toString().replaceAll("/+$", "")
                + (settings.prefix().isEmpty() ? "" : "/" + settings.prefix());
        try (S3FileIO io = new S3FileIO(settings)) {
            io.list(root);
            S3Location probe = S3Location.parse(io.resolve(root, ".dativo-connection-check"));
            io.abortUpload(probe, io.createUpload(probe, Map.of()));
            return ConnectionCheck.ok("can list and write " + root + " at " + settings.where());
        } catch (IOException | RuntimeException e) {
            return ConnectionCheck.failed("NOT_REACHABLE", e.getMessage());
        }
    }

    @Override
    public void open(WriteContext context) throws Exception {
        TargetConfig mapped = S3Connection.target(context.target());
        files.open(new RetargetedContext(context, mapped, OutputLayout.outputBase(mapped, context.asset())));
    }

    @Override
    public SplitWriter newSplitWriter(String splitId, int attempt) {
        return files.newSplitWriter(splitId, attempt);
    }

    @Override
    public Committer committer() {
        return files.committer();
    }

    @Override
    public boolean stagesIndependently() {
        return files.stagesIndependently();
    }

    @Override
    public boolean supportsRejects() {
        return files.supportsRejects();
    }

    @Override
    public void close() throws IOException {
        files.close();
    }
}
