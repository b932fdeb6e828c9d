package phaselab.lab.suite.symmetry.kanter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import phaselab.engine.rng.RngStream;
import phaselab.lab.suite.symmetry.Readout;
import phaselab.lab.suite.symmetry.SiteFeatures;

/**
 * One measurement by the Kanter group's recipe (probes.protocol kanter): the trained site's
 * statistics, the crossover within one head, and each statistic's 95 % range under the three
 * nulls, with the decision rule applied (beyond every null's range). The readout is the model's
 * own output layer without its bias where the site feeds one (the fine-tuned classifier's input,
 * an MLP's last hidden layer), else a {@link BiasFreeReadout} fitted on the training rows.
 *
 * @param threshold the field-matrix threshold (0.3)
 * @param epochs passes of the fitted readout over the training rows
 * @param permutations label-permutation draws (≥ 50 for a 95 % range worth the name)
 * @param rotations rotation draws
 * @param draws random subsets per size in the crossover
 */
public record KanterProtocol(double threshold, int epochs, int permutations, int rotations, int draws, long seed) {

  /** What one measurement wrote: the statistics, the crossover, the nulls' ranges and the decisions. */
  public record Document(String site, String readout, int nodes, int heads, int labels, int trainRows, int testRows, double threshold,
      Map<String, Double> trained, List<Map<String, Double>> crossover, String crossoverPool, Map<String, Map<String, NullModels.Range>> nulls,
      Map<String, Boolean> beyondEveryNull) {}

  /** {@code randomBody}: the same site of the randomly initialised network, or null to skip that null. */
  public Document measure(SiteFeatures f, SiteFeatures randomBody) {
    if (f.outputsCount() > 1000) {
      throw new IllegalArgumentException("the kanter protocol builds a label × output matrix per node; site '" + f.site() + "' reads "
          + f.outputsCount() + " outputs (the MLM decoder): use --readout fitted (the most frequent tokens) or --protocol argmax");
    }
    KanterAnalysis a = new KanterAnalysis(threshold, KanterAnalysis.DEFAULT_SWEEP);
    KanterAnalysis.Site test = site(f);
    Readout own = f.decoder() != null ? biasFree(f.decoder()) : null;
    Readout w = own != null ? own : BiasFreeReadout.fit(f.train(), f.nTrain(), f.nodes(), f.yTrain(), test.k(), epochs,
        new RngStream(seed, "kanter/readout"));
    Map<String, Double> trained = a.run(test, w).summary();
    int[] pool = !f.heads().isEmpty() ? f.heads().get(0) : java.util.stream.IntStream.range(0, Math.min(32, f.nodes())).toArray();
    List<Map<String, Double>> curve = a.crossover(test, w, pool, draws, new RngStream(seed, "kanter/crossover"));
    Map<String, Map<String, NullModels.Range>> nulls = new LinkedHashMap<>();
    if (permutations > 0) {
      nulls.put("label_permutation", NullModels.ranges(NullModels.permutations(a, f.train(), f.nTrain(), f.yTrain(), test, epochs,
          permutations, seed)));
    }
    if (rotations > 0) {
      nulls.put("rotation", NullModels.ranges(NullModels.rotations(a, f.train(), f.nTrain(), f.yTrain(), test, own, epochs, rotations,
          seed)));
      List<int[]> across = NullModels.acrossHeads(f.heads());
      if (across != null) {
        // heads and filters: a within-head rotation cannot move their statistics, this one can
        nulls.put("rotation_across_heads", NullModels.ranges(NullModels.rotations(a, f.train(), f.nTrain(), f.yTrain(), test, own, across,
            epochs, rotations, seed + 1)));
      }
    }
    if (randomBody != null) {
      KanterAnalysis.Site rb = site(randomBody);
      Readout rw = randomBody.decoder() != null ? biasFree(randomBody.decoder())
          : BiasFreeReadout.fit(randomBody.train(), randomBody.nTrain(), randomBody.nodes(), randomBody.yTrain(), rb.k(), epochs,
              new RngStream(seed, "kanter/random-body"));
      Map<String, Double> s = a.run(rb, rw).summary();
      nulls.put("random_body", NullModels.ranges(List.of(s)));
    }
    Map<String, Boolean> decisions = new LinkedHashMap<>();
    for (var e : trained.entrySet()) {
      // node statistics face the within-head rotation, head statistics the across-head one (the
      // other cannot move them); every statistic faces the permutation and random-body nulls; with
      // no null measured nothing can be claimed
      boolean head = e.getKey().startsWith("head_");
      List<Map<String, NullModels.Range>> against = nulls.entrySet().stream()
          .filter(n -> !(head && n.getKey().equals("rotation")) && !(!head && n.getKey().equals("rotation_across_heads")))
          .map(Map.Entry::getValue).toList();
      decisions.put(e.getKey(), !against.isEmpty() && NullModels.beyondEveryNull(e.getKey(), e.getValue(), against));
    }
    String readout = own != null ? "the model's own output layer without its bias"
        : "bias-free linear layer fitted by SGD (lr " + BiasFreeReadout.LR + ", Nesterov momentum " + BiasFreeReadout.MOMENTUM
            + ", weight decay " + BiasFreeReadout.WEIGHT_DECAY + ", batch " + BiasFreeReadout.BATCH + ", " + epochs + " epochs)";
    return new Document(f.site(), readout, f.nodes(), f.heads().size(), test.k(), f.nTrain(), f.nTest(), threshold, trained, curve,
        !f.heads().isEmpty() ? "nodes of head 0" : "the first " + pool.length + " nodes", nulls, decisions);
  }

  private static KanterAnalysis.Site site(SiteFeatures f) {
    return new KanterAnalysis.Site(f.test(), f.nTest(), f.nodes(), f.yTest(), f.outputsCount(), f.heads());
  }

  private static Readout biasFree(Readout r) {
    return new Readout(r.outputs(), r.nodes(), r.w(), new double[r.outputs()]);
  }
}
