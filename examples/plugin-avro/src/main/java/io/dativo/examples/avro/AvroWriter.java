package io.dativo.examples.avro;

import io.dativo.api.AssetDefinition;
import io.dativo.api.BaseWriter;
import io.dativo.api.CommitSummary;
import io.dativo.api.Committer;
import io.dativo.api.ConnectionCheck;
import io.dativo.api.RunCommit;
import io.dativo.api.SplitWriter;
import io.dativo.api.TargetConfig;
import io.dativo.api.WriteContext;
import io.dativo.api.WriteFragment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;

/**
 * An example writer of Avro container files into the directory {@code target.connection.path}, typed from the data
 * contract (see {@link AvroSchemas}) and compressed as {@code target.compression} says ({@code snappy},
 * {@code zstd}, {@code deflate} or {@code gzip}, {@code none}). Each split writer stages hidden files and returns
 * them as fragments; the committer, which may be another instance, renames them into place, skipping those a
 * previous commit already renamed, and abort deletes them. Records that failed validation go to Avro files under
 * {@code _rejects}, committed with the data.
 */
public class AvroWriter implements BaseWriter {

    /** The fragment property naming the staged file. */
    static final String STAGED = "staged";
    /** The folder under the target directory that holds rejected records. */
    static final String REJECTS_DIR = "_rejects";

    private Path dir;
    private String runId;
    private AssetDefinition asset;
    private Schema schema;
    private CodecFactory codec;

    @Override
    public Set<String> connectorTypes() {
        return Set.of("avro");
    }

    private static Path directory(TargetConfig target) {
        Object path = target.connection().get("path");
        if (path == null) {
            throw new IllegalArgumentException("target.connection.path is not set");
        }
        return Path.of(target.baseDir()).resolve(path.toString());
    }

    /** The codec {@code compression} names. */
    static CodecFactory codec(String compression) {
        return switch (compression == null ? "none" : compression.toLowerCase(Locale.ROOT)) {
            case "none", "uncompressed" -> CodecFactory.nullCodec();
            case "snappy" -> CodecFactory.snappyCodec();
            case "zstd" -> CodecFactory.zstandardCodec(3);
            case "deflate", "gzip" -> CodecFactory.deflateCodec(6);
            default -> throw new IllegalArgumentException("the Avro writer compresses with snappy, zstd, deflate, "
                    + "gzip or none, not '" + compression + "'");
        };
    }

    @Override
    public ConnectionCheck checkConnection(TargetConfig target) {
        try {
            codec(target.compression());
            Path d = directory(target);
            Files.createDirectories(d);
            if (!Files.isWritable(d)) {
                return ConnectionCheck.failed("NOT_WRITABLE", d + " is not writable");
            }
            return ConnectionCheck.ok("Avro files go to " + d);
        } catch (IOException | RuntimeException e) {
            return ConnectionCheck.failed("NOT_WRITABLE", "cannot write Avro files to "
                    + target.connection().get("path") + ": " + e.getMessage());
        }
    }

    @Override
    public void open(WriteContext context) throws IOException {
        dir = Files.createDirectories(directory(context.target()));
        runId = context.runId();
        asset = context.asset();
        schema = AvroSchemas.of(asset);
        codec = codec(context.target().compression());
    }

    /** Split writers and committers work from fragments alone, so splits may run anywhere. */
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
        return new AvroSplitWriter(dir, asset, schema, codec, runId, splitId, attempt);
    }

    // tag::committer[]
    @Override
    public Committer committer() {
        return new Committer() {
            @Override
            public CommitSummary commit(List<WriteFragment> fragments, RunCommit commit) throws IOException {
                for (WriteFragment f : fragments) {
                    Path staged = Path.of(f.properties().get(STAGED));
                    Path visible = Path.of(f.location());
                    // A fragment whose staged file is gone and whose file is in place was committed before a crash.
                    if (Files.exists(staged)) {
                        Files.move(staged, visible, StandardCopyOption.ATOMIC_MOVE);
                    } else if (!Files.exists(visible)) {
                        throw new IOException("fragment " + f.location() + " is neither staged nor committed");
                    }
                }
                long records = WriteFragment.data(fragments).stream().mapToLong(WriteFragment::records).sum();
                return new CommitSummary(fragments.size(), records, Map.of());
            }

            @Override
            public void abort(List<WriteFragment> fragments) throws IOException {
                for (WriteFragment f : fragments) {
                    Files.deleteIfExists(Path.of(f.properties().get(STAGED)));
                }
            }
        };
    }
    // end::committer[]
}
