package io.dativo.core.format;

import com.github.luben.zstd.Zstd;
import io.airlift.compress.Decompressor;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
 *
 * <p>Snappy pages of up to {@link #SMALL_SNAPPY_PAGE} bytes go through aircompressor's Snappy, written in Java:
 * snappy-java extracts its native library to a temporary file, reads it back to compare and loads it on first use,
 * about 20 ms of a fresh process's time, which a job writing only small pages then never spends. Larger pages go
 * to the native library, which compresses a page of a megabyte faster. Both write the same Snappy format. On a
 * big-endian machine, where aircompressor's Snappy does not run, every page goes to the native library.
 */
public final class Codecs implements CompressionCodecFactory {

    /** The largest page, in uncompressed bytes, that is Snappy-compressed or -decompressed in Java. */
    static final int SMALL_SNAPPY_PAGE = 64 * 1024;
    /** aircompressor's Snappy reads memory as little-endian words; elsewhere every page goes to snappy-java. */
    private static final int JAVA_SNAPPY_LIMIT =
            ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? SMALL_SNAPPY_PAGE : -1;

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
                int n = page.size();
                if (n > JAVA_SNAPPY_LIMIT) {
                    byte[] out = room(Snappy.maxCompressedLength(n));
                    return BytesInput.from(out, 0, Snappy.compress(page.bytes(), 0, n, out, 0));
                }
                // a compressor keeps a hash table between calls, so one per page: a 32 KB array, as small as the page
                SnappyCompressor java = new SnappyCompressor();
                byte[] out = room(java.maxCompressedLength(n));
                return BytesInput.from(out, 0, java.compress(page.bytes(), 0, n, out, 0, out.length));
            }

            private byte[] room(int bound) {
                if (compressed.length < bound) {
                    compressed = new byte[Math.max(bound, compressed.length * 2)];
                }
                return compressed;
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
                    case SNAPPY -> unsnappy(in, uncompressedSize);
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

    static byte[] unsnappy(byte[] in, int uncompressedSize) throws IOException {
        if (uncompressedSize > JAVA_SNAPPY_LIMIT || uncompressedSize < 0) {
            return Snappy.uncompress(in);
        }
        return whole(new SnappyDecompressor(), "Snappy", in, uncompressedSize);
    }

    private static byte[] gzip(byte[] in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length / 2 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(in);
        }
        return out.toByteArray();
    }

    private static byte[] lz4(byte[] in, int uncompressedSize) throws IOException {
        return whole(new Lz4Decompressor(), "LZ4", in, uncompressedSize);
    }

    /** A page decompressed by aircompressor, which must come to exactly the size its header gives. */
    private static byte[] whole(Decompressor decompressor, String codec, byte[] in, int uncompressedSize)
            throws IOException {
        byte[] out = new byte[uncompressedSize];
        try {
            int n = decompressor.decompress(in, 0, in.length, out, 0, out.length);
            if (n != uncompressedSize) {
                throw new IOException(codec + " page decompressed to " + n + " bytes, expected " + uncompressedSize);
            }
        } catch (MalformedInputException e) {
            throw new IOException("malformed " + codec + " page: " + e.getMessage(), e);
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
                int n = new Lz4Decompressor().decompress(in, b.position(), blockIn, out,
                        written, blockOut);
                written += n;
                b.position(b.position() + blockIn);
            }
        } catch (MalformedInputException e) {
            return lz4(in, uncompressedSize);
        }
        return b.hasRemaining() || written != uncompressedSize ? lz4(in, uncompressedSize) : out;
    }

    private static byte[] gunzip(byte[] in) throws IOException {
        try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(in))) {
            return gz.readAllBytes();
        }
    }
}
