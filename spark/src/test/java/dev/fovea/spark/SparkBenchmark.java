package dev.fovea.spark;

import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.Evaluator;
import dev.fovea.runtime.Initializer;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.Optimizers;
import dev.fovea.runtime.Trainer;
import dev.fovea.runtime.TrainingOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * Scoring throughput and training step time through Spark local[2] against the runtime alone, the bytes a
 * training step moves, and three ways of combining a step's shard gradients, for benchmarks/RESULTS.md. A main,
 * not a test: run it as docs/spark.md says; arguments pick parts (scoring, training, bytes, combine), all by
 * default.
 */
public final class SparkBenchmark {

  private SparkBenchmark() {}

  /** Prints one line per figure. */
  public static void main(String[] args) throws Exception {
    SparkSession spark = LocalSpark.session();
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Dataset data = LocalSpark.slice().train();
    Model model = Model.forNetwork(SparkLeNet5.class);
    Initializer.initialize(model, 1);
    System.out.printf(Locale.ROOT, "network %s, backend %s, %d parameters, %d images%n", model.name(),
        model.backend(), model.parameterCount(), data.size());
    List<String> parts = args.length == 0 ? List.of("scoring", "training", "bytes", "combine") : List.of(args);
    if (parts.contains("scoring")) {
      scoring(spark, model, data);
    }
    if (parts.contains("training")) {
      training(sc, data.slice(0, 6400));
    }
    if (parts.contains("bytes")) {
      bytes(sc, data.slice(0, 1280));
    }
    if (parts.contains("combine")) {
      CombineBenchmark.run(sc, data);
      // Barrier tasks leave Spark's "Barrier task timer for barrier() calls." behind, a non-daemon thread that
      // would keep this JVM alive after main returns.
      System.exit(0);
    }
  }

  private static void scoring(SparkSession spark, Model model, Dataset data) {
    double[] single = new double[5];
    double[] two = new double[5];
    double[] viaSpark = new double[5];
    org.apache.spark.sql.Dataset<Row> rows = FoveaData.of(spark, data, Preprocessing.NONE, 2)
        .persist(StorageLevel.MEMORY_ONLY());
    rows.count();
    FoveaClassificationModel scorer = new FoveaClassificationModel(SparkLeNet5.class.getName(), model.parameters(),
        Preprocessing.NONE);
    for (int round = 0; round < 5; round++) {
      long t0 = System.nanoTime();
      long sum = 0;
      for (int i = 0; i < data.size(); i++) {
        sum += model.predict(data.images(), data.offset(i));
      }
      single[round] = data.size() / ((System.nanoTime() - t0) / 1e9);
      t0 = System.nanoTime();
      Evaluator.evaluate(model, data, 1, 2);
      two[round] = data.size() / ((System.nanoTime() - t0) / 1e9);
      t0 = System.nanoTime();
      double sparkSum = scorer.transform(rows).agg(functions.sum("prediction")).first().getDouble(0);
      viaSpark[round] = data.size() / ((System.nanoTime() - t0) / 1e9);
      if (sparkSum != sum) {
        throw new IllegalStateException("Spark's predictions differ from the runtime's");
      }
    }
    System.out.printf(Locale.ROOT, "scoring img/s (median of rounds 2-5): runtime 1 thread %,.0f; runtime "
        + "Evaluator 2 threads %,.0f; Spark local[2] transform %,.0f%n", median(single), median(two),
        median(viaSpark));
    rows.unpersist();
  }

  private static void training(JavaSparkContext sc, Dataset data) {
    for (int batch : new int[] {64, 256}) {
      Trainer.Config config = new Trainer.Config(1, batch, 3, 2);
      double single = Double.MAX_VALUE;
      double viaSpark = Double.MAX_VALUE;
      JavaPairRDD<Long, ShardBlock.Sample> pairs = CheckpointResumeTest.pairs(sc, data).persist(
          StorageLevel.MEMORY_ONLY());
      for (int round = 0; round < 3; round++) {
        Model m = Model.forNetwork(SparkLeNet5.class);
        Initializer.initialize(m, 1);
        try (Trainer trainer = new Trainer(m, Optimizers.parse("adam", 0.001), config)) {
          Trainer.EpochReport r = trainer.runEpoch(data, 1);
          single = Math.min(single, r.seconds() * 1000 / trainer.batches());
        }
        Model s = Model.forNetwork(SparkLeNet5.class);
        Initializer.initialize(s, 1);
        DataParallelTrainer spark = new DataParallelTrainer(sc, s, Optimizers.parse("adam", 0.001), config,
            TrainingOptions.NONE, 2);
        spark.fit(pairs, data.size(), line -> { });
        viaSpark = Math.min(viaSpark, spark.stepNanos() / 1e6 / spark.steps());
        if (!Arrays.equals(m.parameters(), s.parameters())) {
          throw new IllegalStateException("Spark's weights differ from the Trainer's");
        }
      }
      pairs.unpersist();
      System.out.printf(Locale.ROOT, "training step ms, batch %d (best of 3 epochs of %d images): Trainer 2 threads "
          + "%.2f; Spark local[2], 2 tasks %.2f%n", batch, data.size(), single, viaSpark);
    }
  }

  private static void bytes(JavaSparkContext sc, Dataset data) throws Exception {
    AtomicLong resultBytes = new AtomicLong();
    AtomicLong taskCount = new AtomicLong();
    sc.sc().addSparkListener(new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskMetrics() != null) {
          resultBytes.addAndGet(end.taskMetrics().resultSize());
          taskCount.incrementAndGet();
        }
      }
    });
    List<String> lines = new ArrayList<>();
    JavaPairRDD<Long, ShardBlock.Sample> pairs = CheckpointResumeTest.pairs(sc, data).persist(
        StorageLevel.MEMORY_ONLY());
    pairs.count();
    for (int tasks : new int[] {1, 2, 4, 8}) {
      Model s = Model.forNetwork(SparkLeNet5.class);
      Initializer.initialize(s, 1);
      DataParallelTrainer trainer = new DataParallelTrainer(sc, s, Optimizers.parse("adam", 0.001),
          new Trainer.Config(1, 64, 3, 2), TrainingOptions.NONE, tasks);
      // The epoch's placement jobs run too; count the step jobs' results only: measure a second epoch's worth.
      trainer.fit(pairs, data.size(), line -> { });
      sc.sc().listenerBus().waitUntilEmpty();
      long before = resultBytes.get();
      long tasksBefore = taskCount.get();
      long stepsBefore = trainer.steps();
      DataParallelTrainer again = new DataParallelTrainer(sc, s, Optimizers.parse("adam", 0.001),
          new Trainer.Config(1, 64, 3, 2), TrainingOptions.NONE, tasks);
      again.fit(pairs, data.size(), line -> { });
      sc.sc().listenerBus().waitUntilEmpty();
      lines.add(String.format(Locale.ROOT, "%d tasks: %,d result bytes per step over %d steps (%.1f tasks per step "
          + "incl. placement), weights broadcast %,d bytes per step", tasks,
          (resultBytes.get() - before) / again.steps(), again.steps(),
          (double) (taskCount.get() - tasksBefore) / again.steps(), 4L * s.parameterCount()));
      if (stepsBefore != again.steps()) {
        throw new IllegalStateException("steps differ");
      }
    }
    lines.forEach(l -> System.out.println("gradient traffic, batch 64: " + l));
  }

  private static double median(double[] rounds) {
    double[] tail = Arrays.copyOfRange(rounds, 1, rounds.length);
    Arrays.sort(tail);
    return (tail[tail.length / 2 - 1] + tail[tail.length / 2]) / 2;
  }
}
