package phaselab.lab.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import phaselab.lab.config.ConfigNode;
import phaselab.lab.config.ModelKind;
import phaselab.lab.config.ProbeCatalog;
import phaselab.lab.config.TaskKind;
import phaselab.lab.probe.AttentionSparsityProbe;
import phaselab.lab.probe.ProbeSpec;
import phaselab.lab.probe.WeightNormProbe;
import phaselab.lab.suite.entropic.EntropicProbe;
import phaselab.lab.suite.entropic.NormBalanceProbe;
import phaselab.lab.suite.grokking.TreeProjectionProbe;
import phaselab.lab.suite.symmetry.NodeProbe;

/**
 * Every probe phaselab ships, by its spec. A new probe is its own files plus one line in
 * {@link #SPECS}: the config accepts its name (through {@link ProbeCatalog}, registered in
 * META-INF/services), {@link Probes#create} builds it, and reports chart its metrics by the groups
 * its spec declares.
 */
public final class ProbeRegistry implements ProbeCatalog {
  /** The shipped probes, in the order `probes.names` errors list them. */
  public static final List<ProbeSpec> SPECS = List.of(WeightNormProbe.SPEC, AttentionSparsityProbe.SPEC, TreeProjectionProbe.SPEC,
      EntropicProbe.SPEC, NormBalanceProbe.SPEC, NodeProbe.SPEC);

  /** The spec named {@code name}; IllegalArgumentException listing the names when there is none. */
  public static ProbeSpec spec(String name) {
    return SPECS.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
        "unknown probe '" + name + "'; valid: " + String.join(", ", SPECS.stream().map(ProbeSpec::name).toList())));
  }

  /**
   * The chart a probe metric ({@code probe/...}) is drawn in, as the probe that writes it declares;
   * null for one shown in tables only. A metric no probe declares gets a chart of its own, so an
   * old run's renamed metric is still drawn.
   */
  public static String chart(String metric) {
    var writer = writerOf(metric); // not Optional.map: a spec's null (tables only) must stay null
    return writer.isPresent() ? writer.get().charts().apply(metric) : ProbeSpec.ownChart(metric);
  }

  /** The probe whose spec declares {@code metric} (a full {@code probe/...} name). */
  public static Optional<ProbeSpec> writerOf(String metric) {
    return SPECS.stream().filter(s -> s.writes(metric)).findFirst();
  }

  @Override
  public List<String> names() {
    return SPECS.stream().map(ProbeSpec::name).toList();
  }

  @Override
  public Map<String, Record> settings(ConfigNode probes, TaskKind task) {
    Map<String, Record> out = new LinkedHashMap<>();
    for (ProbeSpec s : SPECS) {
      if (s.settings() != null) {
        out.put(s.name(), s.settings().read(probes, s.name(), task));
      }
    }
    return out;
  }

  @Override
  public Optional<String> refuse(String probe, ModelKind model) {
    ProbeSpec s = spec(probe);
    return s.models().isEmpty() || s.models().contains(model) ? Optional.empty() : Optional.of(s.refusal());
  }
}
