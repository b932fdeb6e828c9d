/**
 * The structural-grokking suite (docs/research.md C; Murty et al., ACL 2023): whether a language
 * model trained long past in-distribution saturation learns the hierarchical rule, and how
 * tree-structured its computation becomes. Here: tree projections, tscore and tparseval (Murty et
 * al., ICLR 2023), as a probe and as a reusable analysis ({@link phaselab.lab.suite.grokking.TreeProjection}).
 *
 * <p>The suite's other parts, all named "grokking": its tasks in {@code lab.task.dyck} and
 * {@code lab.task.grammar} (question formation and tense inflection on McCoy et al.'s published
 * distribution), its configs in {@code configs/grokking/}, its report parts in
 * {@code cli.report.GrokkingReference} and {@code ReferenceCurves} (the reference's released curves
 * behind ours), its documentation in docs/structural-grokking.md, and its tests (run
 * alone as CONTRIBUTING.md shows). The attention-sparsity and
 * weight-norm probes it also reads are generic, in {@code lab.probe}.
 */
package phaselab.lab.suite.grokking;
