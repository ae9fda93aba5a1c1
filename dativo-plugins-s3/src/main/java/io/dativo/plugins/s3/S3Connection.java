package io.dativo.plugins.s3;

import io.dativo.api.FileSpec;
import io.dativo.api.SourceConfig;
import io.dativo.api.TargetConfig;
import io.dativo.core.storage.FileIOs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps the connection of the {@code s3} and {@code minio} connector types (a bucket and a prefix, flat or under
 * {@code s3}) onto what core's file target and readers take: a root location {@code s3://{bucket}} with the prefix
 * under it, and source paths relative to the bucket made into {@code s3://} locations. The connection's other keys
 * stay, so the storage plugin gets the endpoint and keys from them.
 */
final class S3Connection {

    private S3Connection() {
    }

    /** What the storage is configured with: the connection merged with the credentials. */
    static Map<String, Object> properties(Map<String, Object> connection, Map<String, Object> credentials) {
        Map<String, Object> merged = new LinkedHashMap<>(connection);
        merged.putAll(credentials);
        return merged;
    }

    /** {@code target} with {@code connection.path} set to {@code s3://{bucket}} and the prefix at the top level. */
    static TargetConfig target(TargetConfig target) {
        S3Settings s = S3Settings.from(properties(target.connection(), target.credentials()));
        Map<String, Object> connection = new LinkedHashMap<>(target.connection());
        Object path = connection.get("path");
        if (path == null || FileIOs.isLocal(path.toString())) {
            connection.put("path", "s3://" + bucket(s, "target") + "/");
            connection.put("prefix", s.prefix());
        }
        return target.toBuilder().connection(connection).build();
    }

    /** {@code source} with every relative file path made into a location under {@code s3://{bucket}/{prefix}}. */
    static SourceConfig source(SourceConfig source) {
        S3Settings s = S3Settings.from(properties(source.connection(), source.credentials()));
        List<FileSpec> files = new ArrayList<>();
        for (FileSpec f : source.files()) {
            files.add(FileIOs.isLocal(f.path()) ? new FileSpec(root(s, "source") + f.path().replaceAll("^/+", ""),
                    f.object(), f.id()) : f);
        }
        if (files.isEmpty()) {
            for (String object : source.objects()) {
                files.add(new FileSpec(root(s, "source") + object.replaceAll("^/+", ""), null, null));
            }
        }
        return source.toBuilder().files(files).build();
    }

    /** {@code s3://{bucket}/{prefix}/}. */
    private static String root(S3Settings s, String role) {
        return "s3://" + bucket(s, role) + "/" + (s.prefix().isEmpty() ? "" : s.prefix() + "/");
    }

    private static String bucket(S3Settings s, String role) {
        if (s.bucket() == null) {
            throw S3Settings.config(role + ".connection.bucket: the S3 " + role + " needs the bucket to "
                    + (role.equals("target") ? "write to" : "read from"));
        }
        return s.bucket();
    }
}
