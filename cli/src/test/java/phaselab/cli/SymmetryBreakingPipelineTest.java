package phaselab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phaselab.lab.run.RunDir;
import phaselab.lab.task.text.BasicTokenizerAccess;
import phaselab.lab.task.text.WordPieceTrainer;

/**
 * The symmetry-breaking pipeline end to end at toy size on a small real slice: a WordPiece
 * vocabulary from 400 WikiText-2 lines, MLM pre-training (resumed midway: same bits), FewRel
 * fine-tuning from the pre-trained body with the node probe in the metrics, phaselab probe nodes,
 * and the report's symmetry-breaking section.
 */
@Tag("external")
class SymmetryBreakingPipelineTest {
  @TempDir
  Path tmp;

  static Path shared() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path c = p.resolveSibling("shared").resolve("data");
      if (Files.isDirectory(c.resolve("fewrel"))) {
        return c;
      }
    }
    return null;
  }

  @Test
  void pretrainFineTuneProbeAndReport() throws Exception {
    Path shared = shared();
    if ("1".equals(System.getenv("PHASELAB_REQUIRE_DATA"))) {
      assertThat(shared).as("../shared/data beside the project").isNotNull();
    }
    Assumptions.assumeTrue(shared != null, "../shared/data not found");
    Path corpus = tmp.resolve("corpus");
    Files.createDirectories(corpus);
    List<String> lines = Files.readAllLines(shared.resolve("wikitext-2/valid.txt")).stream()
        .filter(l -> !l.isBlank() && !l.strip().startsWith("=")).limit(400).toList();
    Files.write(corpus.resolve("corpus.txt"), lines);
    Map<String, Long> counts = new HashMap<>();
    lines.forEach(l -> BasicTokenizerAccess.words(l).forEach(w -> counts.merge(w, 1L, Long::sum)));
    new WordPieceTrainer(400, 2, 200).train(counts).save(corpus.resolve("vocab.txt"));
    assertThat(Console.run("data", "fetch", "--from", shared.toString()).code()).isEqualTo(0);

    String model = "model: {kind: encoder, layers: 1, width: 16, heads: 2, ffn: 32, max_seq: 32, dropout: 0.1}\n";
    Files.writeString(tmp.resolve("mlm.yaml"), "name: mlm\ntask: {name: mlm, corpus: " + corpus + ", holdout_every: 10}\n" + model
        + "train: {steps: 6, batch_size: 4, eval_every: 3, eval_size: 20, checkpoint_every: 3, log_every: 1}\n"
        + "probes: {names: [weight_norm, nodes], every: 3, site: mlm, nodes_limit: 20}\n");
    Path mlm = tmp.resolve("mlm");
    assertThat(Console.run("train", tmp.resolve("mlm.yaml").toString(), "--out", mlm.toString()).code()).isEqualTo(0);
    Path resumed = tmp.resolve("mlm-resumed");
    assertThat(Console.run("train", tmp.resolve("mlm.yaml").toString(), "--out", resumed.toString(), "--set", "train.steps=3").code()).isEqualTo(0);
    Files.writeString(resumed.resolve("config.yaml"), Files.readString(mlm.resolve("config.yaml")));
    assertThat(Console.run("resume", resumed.toString()).code()).isEqualTo(0);
    assertThat(Files.readAllBytes(resumed.resolve("checkpoints/step-000006.safetensors")))
        .isEqualTo(Files.readAllBytes(mlm.resolve("checkpoints/step-000006.safetensors")));
    assertThat(Files.readString(mlm.resolve("metrics.jsonl"))).contains("eval/heldout/mlm_accuracy").contains("probe/nodes/node_jaccard");

    Files.writeString(tmp.resolve("ft.yaml"), "name: ft\ntask: {name: relation, corpus: " + corpus + ", dataset: fewrel, train_limit: 200}\n"
        + model.replace("}\n", ", init_from: " + mlm + "}\n")
        + "train: {steps: 6, batch_size: 8, eval_every: 3, eval_size: 64, checkpoint_every: 3, log_every: 1}\n"
        + "probes: {names: [nodes], every: 3, nodes_limit: 64}\n");
    Path ft = tmp.resolve("ft");
    Console train = Console.run("train", tmp.resolve("ft.yaml").toString(), "--out", ft.toString());
    assertThat(train.code()).as(train.out() + train.err()).isEqualTo(0);
    assertThat(Files.readString(ft.resolve("metrics.jsonl"))).contains("eval/test/accuracy").contains("probe/nodes/node_jaccard")
        .contains("probe/nodes_shuffled/node_jaccard");
    for (String line : Files.readAllLines(ft.resolve("metrics.jsonl"))) { // the node probe's keys are declared by its spec
      String metric = line.replaceAll(".*\"metric\":\"([^\"]+)\".*", "$1");
      if (metric.startsWith("probe/")) {
        assertThat(phaselab.lab.experiment.ProbeRegistry.writerOf(metric)).as(metric).contains(phaselab.lab.suite.symmetry.NodeProbe.SPEC);
      }
    }
    ModelReadoutFidelity.assertRelation(phaselab.lab.run.RunConfig.read(new RunDir(ft)), ft.resolve("checkpoints/step-000006.safetensors"));
    ModelReadoutFidelity.assertMlm(phaselab.lab.run.RunConfig.read(new RunDir(mlm)), mlm.resolve("checkpoints/step-000006.safetensors"));

    Console probe = Console.run("probe", "nodes", ft.toString(), "--protocol", "argmax", "--draws", "2", "--limit", "64");
    assertThat(probe.code()).as(probe.err()).isEqualTo(0);
    assertThat(probe.out()).contains("random body: accuracy all nodes").contains("step 0: accuracy all nodes").contains("step 6:")
        .contains("shuffled labels");
    assertThat(ft.resolve("probes/nodes-classifier-random-body.json")).exists();
    String json = Files.readString(ft.resolve("probes/nodes-classifier-step-000006.json"));
    assertThat(json).contains("\"readout\":\"model\"").contains("\"crossover_nodes\"").contains("\"envelope_observed\"")
        .contains("\"shuffled\"").contains("\"selfcheck_bound_violations\":0.0");
    Console heads = Console.run("probe", "nodes", ft.toString(), "--protocol", "argmax", "--site", "-1.z", "--checkpoint", "6", "--draws",
        "2", "--limit", "64", "--no-controls");
    assertThat(heads.code()).as(heads.err()).isEqualTo(0);
    String z = Files.readString(ft.resolve("probes/nodes-m1.z-step-000006.json"));
    assertThat(z).contains("\"readout\":\"fitted\"").contains("\"crossover_heads\"").contains("\"nodes_count\":32"); // 2 positions × 16
    // the Kanter recipe (the default protocol): the classifier without its bias, heads of the last block, three nulls
    Console kanter = Console.run("probe", "nodes", ft.toString(), "--checkpoint", "6", "--permutations", "4", "--rotations", "3",
        "--epochs", "3", "--draws", "2", "--limit", "64");
    assertThat(kanter.code()).as(kanter.err()).isEqualTo(0);
    assertThat(kanter.out()).contains("step 6: accuracy").contains("label_permutation: node labels in").contains("rotation: node labels in")
        .contains("random_body: node labels in").contains("beyond every null");
    String k = Files.readString(ft.resolve("probes/kanter-classifier-step-000006.json"));
    assertThat(k).contains("\"readout\":\"the model's own output layer without its bias\"").contains("\"node_bound\"")
        .contains("\"crossover\"").contains("\"label_permutation\"").contains("\"beyond_every_null\"");
    Console kanterHeads = Console.run("probe", "nodes", ft.toString(), "--site", "-1.z", "--checkpoint", "6", "--permutations", "3",
        "--rotations", "2", "--epochs", "2", "--limit", "64", "--no-controls");
    assertThat(kanterHeads.code()).as(kanterHeads.err()).isEqualTo(0);
    assertThat(Files.readString(ft.resolve("probes/kanter-m1.z-step-000006.json"))).contains("\"head_labels\"").contains("nodes of head 0");
    Console refused = Console.run("probe", "nodes", ft.toString(), "--protocol", "argmax", "--site", "-1.z", "--readout", "model");
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("readout fitted");
    assertThat(Console.run("report", ft.toString()).code()).isEqualTo(0);
    assertThat(Files.readString(ft.resolve("report.html"))).contains("Single-node symmetry breaking at site classifier").contains("Crossover")
        .contains("Symmetry breaking over training, site classifier").contains("random body").contains("shuffled labels");
    // a pre-trained body of another shape is refused with the cause
    Console bad = Console.run("train", tmp.resolve("ft.yaml").toString(), "--out", tmp.resolve("bad").toString(), "--set", "model.width=32");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("model.init_from");
  }
}
