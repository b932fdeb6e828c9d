package phaselab.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import phaselab.engine.rng.RngStream;
import phaselab.engine.tensor.Kernels;
import phaselab.engine.tensor.Parallel;

/**
 * JMH: the three GEMM layouts at the shapes the training benchmarks use, one thread. Run with
 * {@code java --add-modules jdk.incubator.vector -cp cli/target/phaselab.jar org.openjdk.jmh.Main GemmJmh};
 * GFLOP/s = 2·m·n·k / time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class GemmJmh {
  /** "m,n,k": square 512, dyck-small linear, grok-paper FFN, bert-mini logits. */
  @Param({"512,512,512", "2048,128,128", "256,2048,512", "2048,8000,256"})
  public String shape;

  @Param({"nn", "nt", "tn"})
  public String layout;

  float[] a;
  float[] b;
  float[] c;
  int m;
  int n;
  int k;

  @Setup
  public void setup() {
    String[] p = shape.split(",");
    m = Integer.parseInt(p[0]);
    n = Integer.parseInt(p[1]);
    k = Integer.parseInt(p[2]);
    RngStream r = new RngStream(1, "jmh");
    a = new float[m * k];
    b = new float[k * n];
    c = new float[m * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextFloat();
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = r.nextFloat();
    }
    Parallel.setThreads(1);
  }

  @Benchmark
  public float[] gemm() {
    Kernels.get().gemm(layout.equals("tn"), layout.equals("nt"), m, n, k, a, 0, b, 0, c, 0, false);
    return c;
  }
}
