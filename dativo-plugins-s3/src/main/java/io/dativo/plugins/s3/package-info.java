/**
 * S3 and S3-compatible stores (MinIO) for Dativo: a {@link io.dativo.api.io.FileIO} on the AWS SDK for Java v2
 * ({@link io.dativo.plugins.s3.S3FileIO}, registered for {@code s3://}, {@code s3a://} and {@code s3n://}) and the
 * {@code s3} and {@code minio} connector types as sources and targets, which run core's file readers and file target
 * over it. Files are streamed as multipart uploads that are completed only at commit.
 */
package io.dativo.plugins.s3;
