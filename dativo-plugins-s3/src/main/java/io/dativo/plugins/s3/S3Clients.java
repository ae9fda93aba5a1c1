package io.dativo.plugins.s3;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the synchronous S3 client of a {@link S3Settings}. */
final class S3Clients {

    private S3Clients() {
    }

    static S3Client create(S3Settings s) {
        S3ClientBuilder b = S3Client.builder()
                .credentialsProvider(credentials(s))
                .forcePathStyle(s.pathStyle())
                // Throttling (503 SlowDown) and 5xx answers are retried with the standard backoff and jitter.
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(s.maxAttempts()).build()))
                // A Content-MD5 header on the requests S3 requires a checksum for (DeleteObjects): the SDK sends only
                // a CRC32 there, which MinIO and other S3-compatible stores refuse without the MD5.
                .addPlugin(LegacyMd5Plugin.create());
        if (!s.signPayload()) {
            b.putAuthScheme(new UnsignedPayloadScheme());
        }
        if (!s.checksums()) {
            b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        if (s.endpoint() != null) {
            b.endpointOverride(s.endpoint());
        }
        if (s.region() != null) {
            b.region(Region.of(s.region()));
        }
        return b.build();
    }

    private static AwsCredentialsProvider credentials(S3Settings s) {
        if (s.accessKeyId() == null || s.secretKey() == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(s.sessionToken() != null
                ? AwsSessionCredentials.create(s.accessKeyId(), s.secretKey(), s.sessionToken())
                : AwsBasicCredentials.create(s.accessKeyId(), s.secretKey()));
    }
}
