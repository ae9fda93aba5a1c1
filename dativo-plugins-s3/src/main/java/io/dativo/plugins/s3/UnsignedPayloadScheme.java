package io.dativo.plugins.s3;

import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthScheme;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;

/**
 * SigV4 that leaves the body unsigned over plain HTTP as well as over HTTPS, for an endpoint on the loopback
 * interface. The SDK's signer signs every body sent over plain HTTP: a SHA-256 over every byte of every part on the
 * client, and the same again on the server to check it, which on a store beside the writer costs about as much CPU
 * as the bytes' journey. The signature protects the body from tampering on the network; loopback traffic never
 * leaves the machine. The headers and the request line are still signed, so credentials are checked as before.
 *
 * <p>The scheme is left out of SigV4's canonical request, so signing a request as if it went over HTTPS gives the
 * signature of the same request over HTTP; the signer does that and hands the request back with its own scheme.
 */
final class UnsignedPayloadScheme implements AuthScheme<AwsCredentialsIdentity> {

    private final HttpSigner<AwsCredentialsIdentity> signer = new Signer(AwsV4HttpSigner.create());

    @Override
    public String schemeId() {
        return AwsV4AuthScheme.SCHEME_ID;
    }

    @Override
    public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
        return providers.identityProvider(AwsCredentialsIdentity.class);
    }

    @Override
    public HttpSigner<AwsCredentialsIdentity> signer() {
        return signer;
    }

    /** The SDK's SigV4 signer, shown a plain HTTP request as HTTPS. */
    private record Signer(AwsV4HttpSigner delegate) implements HttpSigner<AwsCredentialsIdentity> {

        private static final String HTTP = "http";
        private static final String HTTPS = "https";

        @Override
        public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
            SdkHttpRequest http = request.request();
            if (!HTTP.equals(http.protocol())) {
                return delegate.sign(request);
            }
            SignedRequest signed = delegate.sign(asHttps(request));
            return signed.copy(s -> s.request(signed.request().copy(r -> r.protocol(HTTP))));
        }

        private static <T extends AwsCredentialsIdentity> SignRequest<T> asHttps(SignRequest<T> request) {
            return request.copy(r -> r.request(request.request().copy(h -> h.protocol(HTTPS))));
        }

        /** Unchanged: this client sends every request synchronously. */
        @Override
        public CompletableFuture<AsyncSignedRequest> signAsync(
                AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
            return delegate.signAsync(request);
        }
    }
}
