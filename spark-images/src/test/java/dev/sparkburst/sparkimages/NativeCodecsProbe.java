package dev.sparkburst.sparkimages;

import com.github.luben.zstd.Zstd;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import org.xerial.snappy.Snappy;

/**
 * Run in a JVM of its own on the image's jars (ImageJarsTest): round-trips data through the native zstd, Snappy
 * and LZ4 libraries Spark compresses with (event logs, Parquet, shuffle), and prints one line per codec.
 */
public final class NativeCodecsProbe {

    private NativeCodecsProbe() {
    }

    public static void main(String[] args) throws Exception {
        byte[] data = "spark-burst ".repeat(10_000).getBytes(StandardCharsets.UTF_8);

        byte[] zstd = Zstd.compress(data);
        check("zstd", Arrays.equals(data, Zstd.decompress(zstd, data.length)) && zstd.length < data.length);

        byte[] snappy = Snappy.compress(data);
        check("snappy", Arrays.equals(data, Snappy.uncompress(snappy)) && snappy.length < data.length);

        // nativeInstance() throws when the JNI library cannot be loaded; fastestInstance() would fall back to Java.
        LZ4Factory lz4 = LZ4Factory.nativeInstance();
        LZ4Compressor compressor = lz4.fastCompressor();
        byte[] compressed = compressor.compress(data);
        check("lz4", Arrays.equals(data, lz4.fastDecompressor().decompress(compressed, data.length))
                && compressed.length < data.length);
    }

    private static void check(String codec, boolean roundTrip) {
        if (!roundTrip) {
            throw new IllegalStateException(codec + ": the round trip changed the data");
        }
        System.out.println(codec + " native ok");
    }
}
