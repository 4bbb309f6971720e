package dev.fovea.runtime;

import dev.fovea.api.GeneratedBatch;

/** Measures loss, accuracy, top-k accuracy and the confusion matrix, optionally on several threads. */
public final class Evaluator {

  // Chunks depend on the data set size only, and their loss sums are added in chunk order, so the
  // (floating-point) loss does not depend on how many threads ran.
  private static final int CHUNK = 256;
  // Samples per call of a worker's micro-batch: dense layers read each weight row once per 16 samples.
  private static final int ROWS = 16;
  // A set too small for this many chunks of CHUNK gets smaller chunks (whole micro-batches), so that a small set of
  // a large network still spreads over the threads: ResNet-18's 32 images were one chunk, run by one thread.
  private static final int FEWEST_CHUNKS = 4;

  private final Model model;
  private final int threads;
  // One micro-batch per worker, made on first use and kept: a large network's micro-batch holds hundreds of
  // megabytes of activations, and making it anew for every call cost ResNet-18's batch inference most of its speed.
  private final GeneratedBatch[] batches;

  /**
   * An evaluator of {@code model} on up to {@code threads} threads that keeps its micro-batches from one call to
   * the next; it reads the model's parameters as they are at each call. One evaluation runs at a time.
   */
  public Evaluator(Model model, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive: " + threads);
    }
    this.model = model;
    this.threads = threads;
    this.batches = new GeneratedBatch[threads];
  }

  /** Evaluates on all available processors. */
  public static Evaluation evaluate(Model model, Dataset data, int topK) {
    return evaluate(model, data, topK, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Evaluates {@code model} on {@code data} once; {@code topK} is clamped to the number of outputs. Uses
   * replicas of the model, never the model's own buffers.
   */
  public static Evaluation evaluate(Model model, Dataset data, int topK, int threads) {
    return new Evaluator(model, threads).evaluate(data, topK);
  }

  /** Evaluates the model on {@code data}; {@code topK} is clamped to the number of outputs. */
  public synchronized Evaluation evaluate(Dataset data, int topK) {
    if (topK < 1) {
      throw new IllegalArgumentException("topK must be positive: " + topK);
    }
    if (data.imageSize() != model.inputSize() || data.classes() > model.outputSize()) {
      throw new IllegalArgumentException(data + " does not fit " + model.name() + " (input "
          + model.inputSize() + " floats, " + model.outputSize() + " outputs)");
    }
    int k = Math.min(topK, model.outputSize());
    int n = data.size();
    int chunkSize = chunkSize(n);
    int chunks = (n + chunkSize - 1) / chunkSize;
    double[] chunkLoss = new double[chunks];
    int workers = Math.max(1, Math.min(threads, chunks));
    int classes = model.outputSize();
    long[][][] confusion = new long[workers][classes][classes];
    long[] topKHits = new long[workers];
    for (int w = 0; w < workers; w++) {
      if (batches[w] == null) {
        batches[w] = model.replica().batch(ROWS);
      }
    }
    ShardPool.Work chunk = (c, w) ->
        chunkLoss[c] = run(batches[w], data, c * chunkSize, Math.min(n, (c + 1) * chunkSize), k, confusion[w],
        topKHits, w);
    try (ShardPool pool = new ShardPool("fovea-evaluator", "evaluation", workers, chunk)) {
      pool.run(chunks);
    }
    double loss = 0;
    for (double l : chunkLoss) {
      loss += l;
    }
    int[][] matrix = new int[classes][classes];
    long hits = 0;
    for (int w = 0; w < workers; w++) {
      hits += topKHits[w];
      for (int i = 0; i < classes; i++) {
        for (int j = 0; j < classes; j++) {
          matrix[i][j] += (int) confusion[w][i][j];
        }
      }
    }
    return new Evaluation(n == 0 ? 0 : loss / n, k, n == 0 ? 0 : (double) hits / n, matrix);
  }

  /** Samples per chunk for a set of {@code n}: CHUNK, or whole micro-batches making up to FEWEST_CHUNKS chunks. */
  static int chunkSize(int n) {
    int even = (n + FEWEST_CHUNKS - 1) / FEWEST_CHUNKS;
    return Math.max(ROWS, Math.min(CHUNK, (even + ROWS - 1) / ROWS * ROWS));
  }

  private static double run(GeneratedBatch batch, Dataset data, int from, int to, int k, long[][] confusion,
      long[] topKHits, int worker) {
    int outputs = confusion.length;
    float[] images = data.images();
    int size = data.imageSize();
    float[] out = new float[outputs];
    double loss = 0;
    for (int first = from; first < to; first += ROWS) {
      int n = Math.min(ROWS, to - first);
      float[] rows = batch.forward(images, first * size, n);
      for (int r = 0; r < n; r++) {
        System.arraycopy(rows, r * outputs, out, 0, outputs);
        int label = data.labels()[first + r];
        loss += SoftmaxCrossEntropy.loss(out, outputs, label);
        confusion[label][Model.argmax(out, outputs)]++;
        if (rank(out, outputs, label) < k) {
          topKHits[worker]++;
        }
      }
    }
    return loss;
  }

  /** How many outputs beat the label's, ties going to the lower index like {@link Model#argmax}. */
  static int rank(float[] out, int n, int label) {
    float v = out[label];
    int rank = 0;
    for (int j = 0; j < n; j++) {
      if (out[j] > v || (out[j] == v && j < label)) {
        rank++;
      }
    }
    return rank;
  }
}
