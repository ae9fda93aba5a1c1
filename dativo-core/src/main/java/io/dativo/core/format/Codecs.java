package io.dativo.core.format;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Parquet page compression on snappy-java, zstd-jni and java.util.zip, so that writing Parquet needs no Hadoop
 * codec classes at run time. Reading also takes LZ4 pages (the raw block format, and Hadoop's framing of it) through
 * aircompressor, which parquet-java already brings.
 */
public final class Codecs implements CompressionCodecFactory {

    static CompressionCodecName codec(String name) {
        return switch (name == null ? "snappy" : name) {
            case "zstd" -> CompressionCodecName.ZSTD;
            case "gzip" -> CompressionCodecName.GZIP;
            case "none", "uncompressed" -> CompressionCodecName.UNCOMPRESSED;
            default -> CompressionCodecName.SNAPPY;
        };
    }

    /**
     * A compressor for one file's pages. Snappy pages are gathered into and compressed into two buffers that the
     * compressor keeps: parquet-java's page store copies each compressed page before it asks for the next, as its
     * own compressors, which also reuse their output buffer, require; so no page costs three arrays of its size.
     */
    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return new BytesInputCompressor() {
            private final PageBuffer page = new PageBuffer();
            private byte[] compressed = new byte[0];

            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                return switch (codec) {
                    case SNAPPY -> snappy(bytes);
                    case ZSTD -> BytesInput.from(Zstd.compress(bytes.toByteArray(), 3));
                    case GZIP -> BytesInput.from(gzip(bytes.toByteArray()));
                    case UNCOMPRESSED -> BytesInput.from(bytes.toByteArray());
                    default -> throw new IOException("unsupported Parquet codec " + codec);
                };
            }

            private BytesInput snappy(BytesInput bytes) throws IOException {
                page.reset();
                bytes.writeAllTo(page);
                int bound = Snappy.maxCompressedLength(page.size());
                if (compressed.length < bound) {
                    compressed = new byte[Math.max(bound, compressed.length * 2)];
                }
                return BytesInput.from(compressed, 0, Snappy.compress(page.bytes(), 0, page.size(), compressed, 0));
            }

            @Override
            public CompressionCodecName getCodecName() {
                return codec;
            }

            @Override
            public void release() {
            }
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return new BytesInputDecompressor() {
            @Override
            public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
                byte[] in = bytes.toByteArray();
                return BytesInput.from(switch (codec) {
                    case SNAPPY -> Snappy.uncompress(in);
                    case ZSTD -> Zstd.decompress(in, uncompressedSize);
                    case GZIP -> gunzip(in);
                    case LZ4_RAW -> lz4(in, uncompressedSize);
                    case LZ4 -> hadoopLz4(in, uncompressedSize);
                    case UNCOMPRESSED -> in;
                    default -> throw new IOException("unsupported Parquet codec " + codec);
                });
            }

            @Override
            public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                    throws IOException {
                byte[] in = new byte[compressedSize];
                input.get(in);
                output.put(decompress(BytesInput.from(in), uncompressedSize).toByteArray());
            }

            @Override
            public void release() {
            }
        };
    }

    @Override
    public void release() {
    }

    /** A byte array output stream whose bytes are read in place. */
    private static final class PageBuffer extends ByteArrayOutputStream {
        PageBuffer() {
            super(1 << 16);
        }

        byte[] bytes() {
            return buf;
        }
    }

    private static byte[] gzip(byte[] in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length / 2 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(in);
        }
        return out.toByteArray();
    }

    private static byte[] lz4(byte[] in, int uncompressedSize) throws IOException {
        byte[] out = new byte[uncompressedSize];
        try {
            int n = new io.airlift.compress.lz4.Lz4Decompressor().decompress(in, 0, in.length, out, 0, out.length);
            if (n != uncompressedSize) {
                throw new IOException("LZ4 page decompressed to " + n + " bytes, expected " + uncompressedSize);
            }
        } catch (io.airlift.compress.MalformedInputException e) {
            throw new IOException("malformed LZ4 page: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Hadoop's LZ4 codec: blocks of {@code [uncompressed length][compressed length][LZ4 block]}, lengths as 4-byte
     * big-endian integers. Some writers put raw LZ4 under this codec's name, as parquet-cpp notes; a page that
     * does not parse as framed is read as raw.
     */
    private static byte[] hadoopLz4(byte[] in, int uncompressedSize) throws IOException {
        byte[] out = new byte[uncompressedSize];
        ByteBuffer b = ByteBuffer.wrap(in);
        int written = 0;
        try {
            while (b.remaining() >= 8) {
                int blockOut = b.getInt();
                int blockIn = b.getInt();
                if (blockOut < 0 || blockIn < 0 || blockIn > b.remaining() || written + blockOut > out.length) {
                    return lz4(in, uncompressedSize);
                }
                int n = new io.airlift.compress.lz4.Lz4Decompressor().decompress(in, b.position(), blockIn, out,
                        written, blockOut);
                written += n;
                b.position(b.position() + blockIn);
            }
        } catch (io.airlift.compress.MalformedInputException e) {
            return lz4(in, uncompressedSize);
        }
        return b.hasRemaining() || written != uncompressedSize ? lz4(in, uncompressedSize) : out;
    }

    private static byte[] gunzip(byte[] in) throws IOException {
        try (InputStream gz = new GZIPInputStream(new java.io.ByteArrayInputStream(in))) {
            return gz.readAllBytes();
        }
    }
}
