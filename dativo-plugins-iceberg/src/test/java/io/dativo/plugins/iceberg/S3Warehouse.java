package io.dativo.plugins.iceberg;

import java.net.URI;
import java.util.List;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** A real S3 server for a warehouse: s3proxy on loopback over an in-memory store, with a fixed key pair. */
final class S3Warehouse implements AutoCloseable {

    static final String ACCESS = "iceberg-test-access";
    static final String SECRET = "iceberg-test-secret-41d8";

    private final S3Proxy proxy;
    private final S3Client client;

    S3Warehouse(String bucket) throws Exception {
        proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET).ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            Thread.sleep(5);
        }
        client = S3Client.builder().endpointOverride(URI.create(endpoint())).region(Region.US_EAST_1)
                .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ACCESS, SECRET))).build();
        client.createBucket(r -> r.bucket(bucket));
    }

    String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    List<String> keys(String bucket, String prefix) {
        return client.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    byte[] bytes(String bucket, String key) {
        return client.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
    }

    int uploads(String bucket) {
        return client.listMultipartUploads(r -> r.bucket(bucket)).uploads().size();
    }

    @Override
    public void close() throws Exception {
        client.close();
        proxy.stop();
    }
}
