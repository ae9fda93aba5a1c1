package io.dativo.plugins.s3;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * One-line messages for failed S3 requests: what was attempted, the location, the endpoint and the cause (the
 * service's error code, or the network failure), and what to check. The SDK's messages name no secret; the access
 * key id may appear in an S3 error, the secret key never.
 */
final class S3Errors {

    private static final String BUCKET_REGION = "x-amz-bucket-region";
    private static final Pattern EXPECTING = Pattern.compile("expecting '([a-z0-9-]+)'");

    private S3Errors() {
    }

    /** The HTTP status of a service error, or 0 when the request got no answer. */
    static int status(SdkException e) {
        return e instanceof AwsServiceException s ? s.statusCode() : 0;
    }

    static IOException io(String what, S3Location at, S3Settings settings, SdkException e) {
        return new IOException("cannot " + what + " " + at + " at " + settings.where() + ": "
                + cause(e, at, settings), e);
    }

    private static String cause(SdkException e, S3Location at, S3Settings settings) {
        if (e instanceof AwsServiceException s) {
            String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
            String hint = switch (code == null ? "" : code) {
                case "NoSuchBucket" -> "bucket '" + at.bucket() + "' does not exist";
                case "InvalidAccessKeyId", "SignatureDoesNotMatch" -> "the credentials are not accepted";
                case "AccessDenied" -> "access denied to bucket '" + at.bucket() + "'";
                case "AuthorizationHeaderMalformed", "PermanentRedirect", "IllegalLocationConstraintException" ->
                        regionMismatch(s, at, settings);
                default -> s.awsErrorDetails() == null ? "" : s.awsErrorDetails().errorMessage();
            };
            if (code == null && (s.statusCode() == 301 || s.statusCode() == 307)) {
                // A HEAD has no body: the redirect's status and header are all there is.
                return "HTTP " + s.statusCode() + " (" + regionMismatch(s, at, settings) + ")";
            }
            return "HTTP " + s.statusCode() + (code != null ? " " + code : "") + (hint == null || hint.isEmpty()
                    ? "" : " (" + hint + ")");
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "unknown host " + t.getMessage();
            }
            if (t instanceof ConnectException) {
                return "endpoint unreachable (" + t.getMessage() + ")";
            }
        }
        return e.getMessage();
    }

    /**
     * The bucket's region against the configured one. S3 names the bucket's region in the {@code x-amz-bucket-region}
     * header of a redirect, or in the message of a request signed for another region ("expecting 'eu-west-1'").
     */
    private static String regionMismatch(AwsServiceException e, S3Location at, S3Settings settings) {
        String actual = e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null ? null
                : e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader(BUCKET_REGION).orElse(null);
        if (actual == null && e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null) {
            Matcher m = EXPECTING.matcher(e.awsErrorDetails().errorMessage());
            actual = m.find() ? m.group(1) : null;
        }
        String configured = settings.region() == null ? "the region the AWS default chain gave"
                : "the configured region '" + settings.region() + "'";
        if (actual == null) {
            return "bucket '" + at.bucket() + "' is not in " + configured + "; set connection.region to the bucket's";
        }
        return "bucket '" + at.bucket() + "' is in region '" + actual + "', not in " + configured
                + "; set connection.region to " + actual;
    }
}
