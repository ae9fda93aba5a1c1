package io.dativo.plugins.s3;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * One-line messages for failed S3 requests: what was attempted, the location, the endpoint and the cause (the
 * service's error code, or the network failure), and what to check. The SDK's messages name no secret; the access
 * key id may appear in an S3 error, the secret key never.
 */
final class S3Errors {

    private S3Errors() {
    }

    /** The HTTP status of a service error, or 0 when the request got no answer. */
    static int status(SdkException e) {
        return e instanceof AwsServiceException s ? s.statusCode() : 0;
    }

    static IOException io(String what, S3Location at, S3Settings settings, SdkException e) {
        return new IOException("cannot " + what + " " + at + " at " + settings.where() + ": " + cause(e, at), e);
    }

    private static String cause(SdkException e, S3Location at) {
        if (e instanceof AwsServiceException s) {
            String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
            String hint = switch (code == null ? "" : code) {
                case "NoSuchBucket" -> "bucket '" + at.bucket() + "' does not exist";
                case "InvalidAccessKeyId", "SignatureDoesNotMatch" -> "the credentials are not accepted";
                case "AccessDenied" -> "access denied to bucket '" + at.bucket() + "'";
                case "AuthorizationHeaderMalformed", "PermanentRedirect", "IllegalLocationConstraintException" ->
                        "the bucket is in another region than the one configured";
                default -> s.awsErrorDetails() == null ? "" : s.awsErrorDetails().errorMessage();
            };
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
}
