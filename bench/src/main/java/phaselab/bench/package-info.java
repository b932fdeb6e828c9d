/**
 * Benchmarks: GEMM throughput ({@link phaselab.bench.GemmBench}), end-to-end training
 * throughput at fixed model shapes ({@link phaselab.bench.TrainBench}) with a PyTorch twin
 * ({@code bench/src/main/python/train_twin.py}) doing identical work, and JMH kernel benchmarks.
 * Speed is measured here, never in unit tests.
 */
package phaselab.bench;
