package dev.fovea.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Training: learning, determinism across thread counts, the exact step, reports and allocation. */
class TrainerTest {

  @Test
  void learnsASeparableProblem() {
    Dataset train = ToyData.separable(600, 1);
    Dataset test = ToyData.separable(300, 2);
    Model model = Model.of(TinyDenseNet.class);
    Initializer.initialize(model, 7);
    List<Trainer.EpochReport> reports;
    try (Trainer trainer = new Trainer(model, Optimizers.parse("adam", 0.05), new Trainer.Config(8, 16, 3, 2))) {
      reports = trainer.fit(train, null);
    }
    assertEquals(8, reports.size());
    assertTrue(reports.get(7).loss() < reports.get(0).loss() / 2, reports.toString());
    assertTrue(reports.get(7).accuracy() > 0.95, reports.toString());
    Evaluation eval = Evaluator.evaluate(model, test, 1);
    assertTrue(eval.accuracy() > 0.95, eval.toString());
  }

  @Test
  void oneAndThreeThreadsGiveBitIdenticalWeights() {
    // 203 samples in batches of 32 leaves a partial last batch of 11.
    Dataset train = ToyData.separable(203, 5);
    float[] oneThread = train(train, 1, 11);
    float[] threeThreads = train(train, 3, 11);
    float[] eightThreads = train(train, 8, 11);
    assertArrayEquals(oneThread, threeThreads);
    assertArrayEquals(oneThread, eightThreads);
    assertFalse(Arrays.equals(oneThread, train(train, 3, 12)), "the seed should change the shuffle");
  }

  private static float[] train(Dataset data, int threads, long seed) {
    Model model = Model.of(TinyMlpNet.class);
    Initializer.initialize(model, 99);
    try (Trainer trainer = new Trainer(model, new Adam(0.01), new Trainer.Config(3, 32, seed, threads))) {
      trainer.fit(data, null);
    }
    return model.parameters().clone();
  }

  @Test
  void stepsWithTheBatchMeanGradient() {
    float[] images = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 2, 0.5f, 0, 0, 1, 0, 3, 0, 0};
    int[] labels = {0, 1, 2, 0, 1};
    Dataset data = new Dataset("five", 1, 2, 2, images, labels, 3);
    Model model = Model.of(TinyDenseNet.class);
    try (Trainer trainer = new Trainer(model, new Sgd(1.0), new Trainer.Config(1, 5, 0, 2))) {
      Trainer.EpochReport report = trainer.runEpoch(data, 1);
      assertEquals(Math.log(3), report.loss(), 1e-6);
      assertEquals(0.4, report.accuracy(), 1e-12, "all-zero logits predict class 0 for everything");
    }
    // With zero weights every softmax is uniform, so dLoss/dlogit = 1/3 - onehot.
    float[] expected = new float[15];
    for (int s = 0; s < 5; s++) {
      for (int o = 0; o < 3; o++) {
        double d = 1.0 / 3 - (labels[s] == o ? 1 : 0);
        for (int i = 0; i < 4; i++) {
          expected[o * 4 + i] -= (float) (d * images[s * 4 + i] / 5);
        }
        expected[12 + o] -= (float) (d / 5);
      }
    }
    assertArrayEquals(expected, model.parameters(), 1e-6f);
    assertArrayEquals(new float[15], model.gradients(), "the model's own gradients are untouched");
  }

  @Test
  void reportsEveryEpochToTheListener() {
    Dataset data = ToyData.separable(50, 1);
    Model model = Model.of(TinyDenseNet.class);
    List<Trainer.EpochReport> seen = new ArrayList<>();
    List<Boolean> daemons = new ArrayList<>();
    try (Trainer trainer = new Trainer(model, new Sgd(), new Trainer.Config(3, 8, 1, 4))) {
      trainer.fit(data, r -> {
        seen.add(r);
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("fovea-trainer"))
            .forEach(t -> daemons.add(t.isDaemon()));
      });
    }
    assertEquals(List.of(1, 2, 3), seen.stream().map(Trainer.EpochReport::epoch).toList());
    assertTrue(seen.stream().allMatch(r -> r.epochs() == 3 && r.seconds() >= 0));
    assertFalse(daemons.isEmpty());
    assertTrue(daemons.stream().allMatch(d -> d), "pool threads must not keep the JVM alive");
  }

  @Test
  void allocatesNothingPerSampleOrStepAfterTheFirstEpochOnAnyThreadCount() {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    org.junit.jupiter.api.Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean);
    com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) mx;
    Dataset data = ToyData.separable(4096, 1);
    // Plain, and with every per-step option: smoothing, clipping, decay and augmentation.
    TrainingOptions everything = new TrainingOptions(0.1f, 0.5f, 0.01f, true, new Augmentation(1, true, 0, 0));
    for (int run = 0; run < 4; run++) {
      int threads = 1 + run % 2;
      Model model = Model.of(TinyDenseNet.class);
      Initializer.initialize(model, 1);
      TrainingOptions options = run < 2 ? TrainingOptions.NONE : everything;
      try (Trainer trainer = new Trainer(model, new Adam(), new Trainer.Config(2, 16, 0, threads), options)) {
        trainer.runEpoch(data, 1);
        long[] workers = trainerThreadIds();
        assertEquals(threads - 1, workers.length, "closed trainers must not leave threads behind");
        long[] progress = new long[1];
        Trainer.Listener counting = new Trainer.Listener() {
          @Override
          public void epochFinished(Trainer.EpochReport report) {}

          @Override
          public void batchFinished(int epoch, int batch, int batches, int samples, double loss) {
            progress[0] += samples;
          }
        };
        long before = allocatedBytes(bean, workers);
        trainer.runEpoch(data, 2, counting);
        long allocated = allocatedBytes(bean, workers) - before;
        // 4,096 samples in 256 steps: one 16-byte object per step on any thread would be 4,096
        // bytes. The slack covers what an epoch allocates once whatever its length (its shuffle's
        // SplittableRandom and the EpochReport, about 100 bytes) plus a few hundred bytes of
        // occasional measurement noise.
        assertTrue(allocated < 2048, allocated + " bytes allocated in one epoch on " + threads + " threads");
        assertEquals(progressSum(4096, 16), progress[0]);
      }
    }
  }

  /** The sum over batches of the samples done so far in the epoch, as batchFinished reports them. */
  private static long progressSum(int n, int batch) {
    long sum = 0;
    for (int done = batch; done < n + batch; done += batch) {
      sum += Math.min(done, n);
    }
    return sum;
  }

  @Test
  void reportsEveryBatchWithTheRunningMeanLoss() {
    Dataset data = ToyData.separable(50, 3);
    Model model = Model.of(TinyDenseNet.class);
    List<String> calls = new ArrayList<>();
    double[] lastLoss = new double[1];
    Trainer.Listener listener = new Trainer.Listener() {
      @Override
      public void epochFinished(Trainer.EpochReport report) {
        assertEquals(report.loss(), lastLoss[0], 1e-12);
        calls.add("epoch " + report.epoch());
      }

      @Override
      public void batchFinished(int epoch, int batch, int batches, int samples, double loss) {
        lastLoss[0] = loss;
        calls.add(epoch + ":" + batch + "/" + batches + "@" + samples);
      }
    };
    try (Trainer trainer = new Trainer(model, new Sgd(), new Trainer.Config(2, 20, 0, 1))) {
      trainer.fit(data, listener);
    }
    assertEquals(List.of("1:1/3@20", "1:2/3@40", "1:3/3@50", "epoch 1", "2:1/3@20", "2:2/3@40", "2:3/3@50",
        "epoch 2"), calls);
  }

  private static long[] trainerThreadIds() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("fovea-trainer-"))
        .mapToLong(Thread::getId)
        .toArray();
  }

  /** Bytes allocated so far by the calling thread and {@code workers}; allocates nothing itself. */
  private static long allocatedBytes(com.sun.management.ThreadMXBean bean, long[] workers) {
    long sum = bean.getCurrentThreadAllocatedBytes();
    for (long id : workers) {
      sum += bean.getThreadAllocatedBytes(id);
    }
    return sum;
  }

  @Test
  void formatsTheConsoleLine() {
    Trainer.EpochReport r = new Trainer.EpochReport(1, 5, 0.41234, 0.851234, 12.34, 4870.4);
    assertEquals("epoch 1/5  loss 0.4123  accuracy 85.12 %  12.3 s  4,870 img/s", r.format());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Trainer.console(new PrintStream(out, true, StandardCharsets.UTF_8)).epochFinished(r);
    assertEquals(r.format() + System.lineSeparator(), out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void validatesConfigAndData() {
    assertEquals(Runtime.getRuntime().availableProcessors(), new Trainer.Config(1, 2, 3).threads());
    assertThrows(IllegalArgumentException.class, () -> new Trainer.Config(1, 0, 3, 1));
    Model model = Model.of(TinyDenseNet.class);
    try (Trainer trainer = new Trainer(model, new Sgd(), new Trainer.Config(1, 4, 0, 1))) {
      Dataset wrong = new Dataset("wrong", 1, 3, 3, new float[9], new int[1], 3);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(wrong, null));
      assertEquals("wrong has 1x3x3 images but TinyDense takes 1x2x2", e.getMessage());
    }
  }

  @Test
  void handlesBatchesOfOneAndLargerThanTheData() {
    Dataset data = ToyData.separable(10, 4);
    for (int batch : new int[] {1, 64}) {
      Model model = Model.of(TinyDenseNet.class);
      Initializer.initialize(model, 1);
      float[] before = model.parameters().clone();
      try (Trainer trainer = new Trainer(model, new Sgd(0.1), new Trainer.Config(1, batch, 0, 3))) {
        Trainer.EpochReport r = trainer.fit(data, null).get(0);
        assertTrue(r.loss() > 0 && r.imagesPerSecond() > 0);
      }
      assertFalse(Arrays.equals(before, model.parameters()));
    }
  }
}
