package phaselab.lab.task.supervised;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST (Xiao, Rasul, Vollgraf 2017; Zalando, MIT licence) from the gzipped IDX files that
 * Debian's {@code dataset-fashion-mnist} installs. Each file is checked against the SHA-256 of the
 * published release before it is read; pixels become floats in [0, 1] (no other preprocessing).
 */
public final class FashionMnist {
  public static final String INSTALL = "apt-get install dataset-fashion-mnist (Debian; it installs /usr/share/datasets/fashion-mnist)";
  public static final String[] CLASSES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
      "Ankle boot"};
  /** SHA-256 of the four files of the published release (identical to Debian's copies). */
  static final Map<String, String> SHA256 = Map.of(
      "train-images-idx3-ubyte.gz", "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
      "train-labels-idx1-ubyte.gz", "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
      "t10k-images-idx3-ubyte.gz", "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
      "t10k-labels-idx1-ubyte.gz", "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05");
  private static final int IMAGES_MAGIC = 0x00000803;
  private static final int LABELS_MAGIC = 0x00000801;

  private FashionMnist() {}

  /** The first {@code limit} examples of the training split ("train") or the test split ("t10k"). */
  public static Examples load(Path dir, String split, int limit) throws IOException {
    Path images = verified(dir, split + "-images-idx3-ubyte.gz");
    Path labels = verified(dir, split + "-labels-idx1-ubyte.gz");
    return parse(Files.readAllBytes(images), images.toString(), Files.readAllBytes(labels), labels.toString(), limit);
  }

  /** Largest image side read: Fashion-MNIST's is 28; a header claiming more is not this data set. */
  static final int MAX_SIDE = 1024;

  /**
   * Gzipped IDX images and labels (bytes; names for errors): the first {@code limit} examples.
   * Every malformed input (bad magic, sizes out of range, truncated or corrupt gzip) is an
   * IOException naming the file, and nothing is allocated beyond what the header's counts, capped
   * by {@code limit}, need.
   */
  public static Examples parse(byte[] imagesGz, String imagesName, byte[] labelsGz, String labelsName, int limit) throws IOException {
    float[] x;
    int n;
    int pixels;
    try (DataInputStream in = open(imagesGz)) {
      int magic = in.readInt();
      if (magic != IMAGES_MAGIC) {
        throw new IOException(imagesName + " is not an IDX image file (magic " + Integer.toHexString(magic) + ")");
      }
      int count = in.readInt();
      int rows = in.readInt();
      int cols = in.readInt();
      if (count < 0 || rows < 1 || cols < 1 || rows > MAX_SIDE || cols > MAX_SIDE) {
        throw new IOException(imagesName + " has an IDX header of " + count + " images of " + rows + " × " + cols
            + " pixels, which is not Fashion-MNIST's");
      }
      pixels = rows * cols;
      n = Math.min(Math.max(0, limit), count);
      byte[] raw = new byte[Math.multiplyExact(n, pixels)];
      in.readFully(raw);
      x = new float[raw.length];
      for (int i = 0; i < raw.length; i++) {
        x[i] = (raw[i] & 0xff) / 255f;
      }
    } catch (java.io.EOFException e) {
      throw new IOException(imagesName + " ends before its header says it should (truncated download?)", e);
    } catch (java.util.zip.ZipException | ArithmeticException e) {
      throw new IOException(imagesName + " is not a valid gzipped IDX file: " + e.getMessage(), e);
    }
    int[] y = new int[n];
    try (DataInputStream in = open(labelsGz)) {
      int magic = in.readInt();
      if (magic != LABELS_MAGIC || in.readInt() < n) {
        throw new IOException(labelsName + " is not an IDX label file for " + imagesName);
      }
      for (int i = 0; i < n; i++) {
        y[i] = in.readUnsignedByte();
        if (y[i] >= CLASSES.length) {
          throw new IOException(labelsName + " holds label " + y[i] + " at " + i + "; Fashion-MNIST has " + CLASSES.length + " classes");
        }
      }
    } catch (java.io.EOFException e) {
      throw new IOException(labelsName + " ends before its header says it should (truncated download?)", e);
    } catch (java.util.zip.ZipException e) {
      throw new IOException(labelsName + " is not a valid gzipped IDX file: " + e.getMessage(), e);
    }
    return new Examples(n, pixels, CLASSES.length, x, y, null);
  }

  /** The file, after checking it exists and has the published checksum. */
  static Path verified(Path dir, String name) throws IOException {
    Path f = dir.resolve(name);
    if (!Files.isRegularFile(f)) {
      throw new IOException("Fashion-MNIST file " + f + " is missing; install it with: " + INSTALL
          + ", or point task.data_dir at a folder holding the four IDX .gz files");
    }
    String got = phaselab.lab.task.text.DataFile.sha256(f);
    if (!got.equals(SHA256.get(name))) {
      throw new IOException(f + " has SHA-256 " + got + ", not the published " + SHA256.get(name)
          + "; the file is corrupt or another version. Reinstall it with: " + INSTALL);
    }
    return f;
  }

  private static DataInputStream open(byte[] gz) throws IOException {
    return new DataInputStream(new java.io.BufferedInputStream(new GZIPInputStream(new java.io.ByteArrayInputStream(gz), 1 << 16)));
  }
}
