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
    float[] x;
    int n;
    int pixels;
    try (DataInputStream in = open(images)) {
      int magic = in.readInt();
      if (magic != IMAGES_MAGIC) {
        throw new IOException(images + " is not an IDX image file (magic " + Integer.toHexString(magic) + ")");
      }
      int count = in.readInt();
      pixels = in.readInt() * in.readInt();
      n = Math.min(limit, count);
      byte[] raw = new byte[n * pixels];
      in.readFully(raw);
      x = new float[raw.length];
      for (int i = 0; i < raw.length; i++) {
        x[i] = (raw[i] & 0xff) / 255f;
      }
    }
    int[] y = new int[n];
    try (DataInputStream in = open(labels)) {
      int magic = in.readInt();
      if (magic != LABELS_MAGIC || in.readInt() < n) {
        throw new IOException(labels + " is not an IDX label file for " + images.getFileName());
      }
      for (int i = 0; i < n; i++) {
        y[i] = in.readUnsignedByte();
      }
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

  private static DataInputStream open(Path f) throws IOException {
    return new DataInputStream(new java.io.BufferedInputStream(new GZIPInputStream(Files.newInputStream(f), 1 << 16)));
  }
}
