/**
 * Modules with named parameters and named hook points.
 *
 * <p>Parameter names are dotted module paths ({@code blocks.0.attn.query.weight}); the PyTorch
 * twin in {@code engine/src/test/python} uses the same attribute names, so a state dict maps one
 * to one. Hook names follow TransformerLens ({@code embed}, {@code blocks.0.attn.pattern}, {@code
 * blocks.0.mlp.post}, {@code blocks.0.resid_post}, {@code final_ln}, {@code logits}) and are a
 * tested contract. In a block, {@code ln1}/{@code ln2} are always the outputs of the first and
 * second LayerNorm, {@code resid_mid}/{@code resid_post} always the residual sums; a post-LN
 * block's output is {@code ln2}, a pre-LN block's is {@code resid_post}.
 */
package phaselab.engine.nn;
