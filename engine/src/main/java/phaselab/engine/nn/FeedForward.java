package phaselab.engine.nn;

import phaselab.engine.autograd.Pointwise;
import phaselab.engine.tensor.Tensor;

/** Position-wise MLP fc_out(act(fc_in(x))). Hooks: pre (B, T, F), post (B, T, F), out (B, T, C). */
public final class FeedForward extends Module {
  /**
   * The nonlinearity between the two projections. GELU is the tanh form (GPT-2, phaselab's own
   * BERTs); GELU_EXACT is x·Φ(x) (Google's and Hugging Face's BERT, so every imported BERT).
   */
  public enum Activation { RELU, GELU, GELU_EXACT, IDENTITY }

  final Linear fcIn;
  final Linear fcOut;
  private final Activation activation;
  private final HookPoint hookPre;
  private final HookPoint hookPost;
  private final HookPoint hookOut;

  public FeedForward(int width, int hidden, Activation activation) {
    this.activation = activation;
    fcIn = child("fc_in", new Linear(width, hidden, true));
    hookPre = hook("pre");
    hookPost = hook("post");
    fcOut = child("fc_out", new Linear(hidden, width, true));
    hookOut = hook("out");
  }

  public Tensor forward(Tensor x) {
    return forward(x, Dropout.EVAL);
  }

  /**
   * With {@code hiddenDropout} applied to the activations between the two projections, after the
   * post hook (PyTorch's TransformerEncoderLayer: linear2(dropout(act(linear1(x))))).
   */
  public Tensor forward(Tensor x, Dropout hiddenDropout) {
    Tensor pre = hookPre.apply(fcIn.forward(x));
    Tensor post = hookPost.apply(activate(pre, activation));
    return hookOut.apply(fcOut.forward(hiddenDropout.apply(post)));
  }

  public static Tensor activate(Tensor x, Activation a) {
    return switch (a) {
      case RELU -> Pointwise.relu(x);
      case GELU -> Pointwise.gelu(x);
      case GELU_EXACT -> Pointwise.geluExact(x);
      case IDENTITY -> x;
    };
  }
}
