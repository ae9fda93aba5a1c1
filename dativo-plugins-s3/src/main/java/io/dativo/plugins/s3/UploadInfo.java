package io.dativo.plugins.s3;

import io.dativo.api.io.PendingFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * What completing a multipart upload takes, as the properties of a {@link PendingFile}: the bucket, the key, the
 * upload id and each part's number and ETag ({@code 1:"etag",2:"etag"}), so that any process can publish it.
 *
 * @param bucket   the bucket
 * @param key      the object key
 * @param uploadId the multipart upload
 * @param parts    the parts, in part-number order
 */
record UploadInfo(String bucket, String key, String uploadId, List<CompletedPart> parts) {

    static final String BUCKET = "s3.bucket";
    static final String KEY = "s3.key";
    static final String UPLOAD_ID = "s3.upload_id";
    static final String PARTS = "s3.parts";

    static UploadInfo of(S3Location location, String uploadId, List<CompletedPart> parts) {
        List<CompletedPart> sorted = new ArrayList<>(parts);
        sorted.sort(Comparator.comparing(CompletedPart::partNumber));
        return new UploadInfo(location.bucket(), location.key(), uploadId, List.copyOf(sorted));
    }

    Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(BUCKET, bucket);
        m.put(KEY, key);
        m.put(UPLOAD_ID, uploadId);
        List<String> encoded = new ArrayList<>();
        for (CompletedPart p : parts) {
            encoded.add(p.partNumber() + ":" + p.eTag());
        }
        m.put(PARTS, String.join(",", encoded));
        return m;
    }

    /** The upload a pending file names. */
    static UploadInfo from(PendingFile file) throws IOException {
        Map<String, String> p = file.properties();
        String bucket = p.get(BUCKET);
        String key = p.get(KEY);
        String upload = p.get(UPLOAD_ID);
        if (bucket == null || key == null || upload == null) {
            throw new IOException("not a staged S3 upload: " + file.location());
        }
        List<CompletedPart> parts = new ArrayList<>();
        String encoded = p.getOrDefault(PARTS, "");
        if (!encoded.isEmpty()) {
            for (String part : encoded.split(",")) {
                int colon = part.indexOf(':');
                parts.add(CompletedPart.builder().partNumber(Integer.parseInt(part.substring(0, colon)))
                        .eTag(part.substring(colon + 1)).build());
            }
        }
        return new UploadInfo(bucket, key, upload, parts);
    }
}
