package phaselab.lab.task.grammar;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import phaselab.engine.rng.RngStream;

/**
 * The distribution McCoy et al.'s published files were drawn from (task.distribution published),
 * fitted to the template frequencies of those files (resource mccoy2020-templates.csv).
 *
 * <p>The files are not samples of the grammar's rule probabilities: 91 % of published test
 * questions have a transitive main verb, where question.gr gives ½. What they do give is the
 * frequency of every (task marker, template) in the test and gen files. The test file was drawn
 * like the training file and then de-duplicated against it, which depletes templates with few
 * possible sentences ({@code D N Aux Vi} has 2,808). So the training distribution is not the
 * test file's frequencies; it is the distribution whose test split, after the same
 * de-duplication, has them. {@link #fit} finds it:
 *
 * <ul>
 *   <li>a draw of template t is accepted with probability a(marker, t): a transformation whose
 *       linear and hierarchical readings differ cannot be a training or test line (½ for a tense
 *       PRESENT line with a noun between subject and main verb; 0 for a question whose subject
 *       carries a relative clause; 1 otherwise);
 *   <li>after N draws fill the 100,000-line training file, a test draw of t has an input not yet
 *       seen with probability s_t = exp(−N·P_t / S_t), with P_t the draw probability of t and S_t
 *       its number of distinct sentences ({@link Template#sentences});
 *   <li>so the test frequency of (marker, t) is ∝ p·a·s_t, and the fit iterates p ∝ f / (a·s_t)
 *       (with N re-solved each time) until it is a fixed point.
 * </ul>
 *
 * Tense is not de-duplicated: tense.test holds 532 lines of {@code D N Vi_past}, a template of
 * 1,404 sentences, which no test file de-duplicated against 100,000 training lines could hold. Gen
 * templates are drawn with p ∝ f / a, a the probability that the sentence qualifies (its two
 * auxiliaries differ; its main verb's number differs from the nearest noun's).
 */
public final class PublishedDistribution {
  /** Lines in the published training file (question.train, tense.train). */
  public static final int REFERENCE_TRAIN_LINES = 100_000;

  /** One row of the CSV: how often a file holds a template under a task marker. */
  public record Entry(String file, String marker, Template template, int count, int of) {
    /** The share of the file's lines with this marker that have this template. */
    public double frequency() {
      return (double) count / of;
    }
  }

  private final Grammar.Mode mode;
  private final List<Entry> lines;
  private final double[] lineCdf;
  private final List<Entry> gen;
  private final double[] genCdf;

  private PublishedDistribution(Grammar.Mode mode, List<Entry> lines, double[] lineWeights, List<Entry> gen, double[] genWeights) {
    this.mode = mode;
    this.lines = lines;
    this.lineCdf = cdf(lineWeights);
    this.gen = gen;
    this.genCdf = cdf(genWeights);
  }

  /** The fitted distribution of question formation or tense inflection. */
  public static PublishedDistribution of(Grammar.Mode mode) {
    String prefix = mode == Grammar.Mode.QUESTION ? "question" : "tense";
    List<Entry> all = read(mode);
    List<Entry> lines = all.stream().filter(e -> e.file().equals(prefix + ".test")).toList();
    List<Entry> gen = all.stream().filter(e -> e.file().equals(prefix + ".gen")).toList();
    double[] target = lines.stream().mapToDouble(e -> e.count()).toArray();
    double[] accept = lines.stream().mapToDouble(e -> acceptance(mode, e.marker(), e.template(), false)).toArray();
    double[] lineWeights = mode == Grammar.Mode.QUESTION
        ? fit(lines, target, accept, mode, REFERENCE_TRAIN_LINES)
        : divide(target, accept);
    double[] genWeights = divide(gen.stream().mapToDouble(e -> e.count()).toArray(),
        gen.stream().mapToDouble(e -> acceptance(mode, e.marker(), e.template(), true)).toArray());
    return new PublishedDistribution(mode, lines, lineWeights, gen, genWeights);
  }

  /** Whether training and test lines are de-duplicated against each other (question: yes; tense: no). */
  public boolean deduplicated() {
    return mode == Grammar.Mode.QUESTION;
  }

  /** A (marker, template) of a training or test line, by the fitted weights. */
  public Entry drawLine(RngStream r) {
    return lines.get(search(lineCdf, r.nextDouble()));
  }

  /** A template of a gen line. */
  public Entry drawGen(RngStream r) {
    return gen.get(search(genCdf, r.nextDouble()));
  }

  /** The fitted probability that a training or test draw is {@code row} (a row of {@link #testRows}). */
  public double drawProbability(Entry row) {
    int i = lines.indexOf(row);
    return i < 0 ? 0 : lineCdf[i] - (i == 0 ? 0 : lineCdf[i - 1]);
  }

  /** The published test file's rows (targets for a generated test split). */
  public List<Entry> testRows() {
    return lines;
  }

  /** The published gen file's rows. */
  public List<Entry> genRows() {
    return gen;
  }

  /**
   * The probability that a draw of {@code t} under {@code marker} can be a line of its split: a
   * training/test line (gen false) unless its readings differ, a gen line (gen true) only if they
   * differ in a way the metric can see. Mirrors {@code GrammarTask.example}; a test checks both
   * agree on sampled sentences.
   */
  static double acceptance(Grammar.Mode mode, String marker, Template t, boolean gen) {
    boolean transform = marker.equals("quest") || marker.equals("PRESENT");
    if (!transform) {
      return gen ? 0 : 1;
    }
    Template.NpShape s = t.subject();
    if (mode == Grammar.Mode.QUESTION) {
      // the first auxiliary is the main one unless the subject carries a relative clause
      if (s.kind() != Template.NpKind.RC) {
        return gen ? 0 : 1;
      }
      // an RC auxiliary agrees with the head (forms 0, 2: differs by polarity only, ½) or with its own subject (form 1: ¾)
      return gen ? (s.rcKind() == 1 ? 0.75 : 0.5) : 0;
    }
    // tense: a noun between subject and main verb (a PP's, or an RC's inner subject or object) disagrees half of the time
    boolean nounBetween = s.kind() == Template.NpKind.PP || (s.kind() == Template.NpKind.RC && s.rcKind() != 0);
    if (!nounBetween) {
      return gen ? 0 : 1;
    }
    return 0.5;
  }

  /**
   * The draw weights whose test split, after N draws fill {@code trainLines} de-duplicated training
   * lines, has the frequencies {@code target} (see the class comment).
   */
  static double[] fit(List<Entry> rows, double[] target, double[] accept, Grammar.Mode mode, int trainLines) {
    Map<String, Integer> templateIndex = new LinkedHashMap<>();
    int[] templateOf = new int[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      templateOf[i] = templateIndex.computeIfAbsent(rows.get(i).template().categories(), k -> templateIndex.size());
    }
    double[] sentences = new double[templateIndex.size()];
    for (int i = 0; i < rows.size(); i++) {
      sentences[templateOf[i]] = rows.get(i).template().sentences(mode);
    }
    double[] p = normalise(divide(target, accept));
    for (int iter = 0; iter < 2000; iter++) {
      double[] drawn = new double[sentences.length];
      double[] accepted = new double[sentences.length];
      for (int i = 0; i < p.length; i++) {
        drawn[templateOf[i]] += p[i];
        accepted[templateOf[i]] += p[i] * accept[i];
      }
      double n = drawsToFill(drawn, accepted, sentences, trainLines);
      double[] next = new double[p.length];
      for (int i = 0; i < p.length; i++) {
        double survive = Math.exp(-n * drawn[templateOf[i]] / sentences[templateOf[i]]);
        next[i] = target[i] / (accept[i] * survive);
      }
      next = normalise(next);
      double change = 0;
      for (int i = 0; i < p.length; i++) {
        change = Math.max(change, Math.abs(next[i] - p[i]));
        p[i] = 0.5 * p[i] + 0.5 * next[i];
      }
      if (change < 1e-12) {
        return p;
      }
    }
    throw new IllegalStateException("the published " + mode.name().toLowerCase(java.util.Locale.ROOT)
        + " frequencies admit no de-duplicated generating distribution (the fit did not converge)");
  }

  /**
   * The number of draws after which the expected count of distinct accepted training lines,
   * Σ_t (accepted_t / drawn_t) · S_t · (1 − exp(−N·drawn_t / S_t)), reaches {@code lines}.
   */
  private static double drawsToFill(double[] drawn, double[] accepted, double[] sentences, int lines) {
    double lo = 0;
    double hi = 1e15;
    for (int k = 0; k < 200; k++) {
      double mid = 0.5 * (lo + hi);
      double filled = 0;
      for (int t = 0; t < drawn.length; t++) {
        if (drawn[t] > 0) {
          filled += accepted[t] / drawn[t] * sentences[t] * -Math.expm1(-mid * drawn[t] / sentences[t]);
        }
      }
      if (filled < lines) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    if (hi >= 1e15) {
      throw new IllegalStateException("the templates hold fewer than " + lines + " distinct accepted sentences");
    }
    return hi;
  }

  private static double[] divide(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] / b[i];
    }
    return out;
  }

  private static double[] normalise(double[] w) {
    double sum = Arrays.stream(w).sum();
    return Arrays.stream(w).map(x -> x / sum).toArray();
  }

  private static double[] cdf(double[] w) {
    double[] c = normalise(w);
    for (int i = 1; i < c.length; i++) {
      c[i] += c[i - 1];
    }
    c[c.length - 1] = 1.0;
    return c;
  }

  private static int search(double[] cdf, double u) {
    int i = Arrays.binarySearch(cdf, u);
    return Math.min(i >= 0 ? i + 1 : -i - 1, cdf.length - 1);
  }

  /** The rows of the shipped CSV for one task (question.* or tense.* files). */
  static List<Entry> read(Grammar.Mode mode) {
    String prefix = mode == Grammar.Mode.QUESTION ? "question." : "tense.";
    String resource = "/phaselab/grammar/mccoy2020-templates.csv";
    List<Entry> out = new ArrayList<>();
    try (InputStream in = PublishedDistribution.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("resource " + resource + " is missing from the phaselab jar; rebuild with ./mvnw package");
      }
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#") || line.startsWith("file,")) {
          continue;
        }
        String[] f = line.trim().split(",");
        if (f[0].startsWith(prefix)) {
          out.add(new Entry(f[0], f[1], Template.parse(f[2], mode), Integer.parseInt(f[4]), Integer.parseInt(f[5])));
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }
}
