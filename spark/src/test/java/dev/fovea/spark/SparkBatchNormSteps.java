package dev.fovea.spark;

import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.Initializer;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.Optimizers;
import dev.fovea.runtime.Trainer;
import dev.fovea.runtime.TrainingOptions;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The time of a training step with and without batch normalisation through Spark ({@code local[3]}, 1 and 3 tasks)
 * and in the Trainer: {@code mvn -f spark test-compile exec:exec -Dspark.main=dev.fovea.spark.SparkBatchNormSteps
 * -Dspark.args=}, from the repository's root.
 */
public final class SparkBatchNormSteps {

  private static final int BATCH = 32;
  private static final int STEPS = 10;

  private SparkBatchNormSteps() {}

  /** Prints one line per network and task count: milliseconds per step. */
  public static void main(String[] args) {
    Dataset data = LocalSpark.train(BATCH * STEPS);
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(LocalSpark.session("local[3]").sparkContext());
    for (Class<?> net : new Class<?>[] {SparkBatchNormNet.class, SparkTestNet.class}) {
      for (int tasks : new int[] {1, 3}) {
        DataParallelTrainer trainer = new DataParallelTrainer(sc, fresh(net), Optimizers.parse("adam", 0.01),
            new Trainer.Config(1, BATCH, 7, 1), TrainingOptions.NONE, tasks);
        trainer.fit(CheckpointResumeTest.pairs(sc, data), data.size(), line -> { });
        System.out.printf(Locale.ROOT, "%s on Spark, %d task(s): %.1f ms per step (%d steps)%n", net.getSimpleName(),
            tasks, trainer.stepNanos() / 1e6 / trainer.steps(), trainer.steps());
      }
      try (Trainer trainer = new Trainer(fresh(net), Optimizers.parse("adam", 0.01),
          new Trainer.Config(3, BATCH, 7, 2))) {
        trainer.fit(data, null);
        long start = System.nanoTime();
        trainer.runEpoch(data, 4);
        System.out.printf(Locale.ROOT, "%s in the Trainer, 2 threads: %.1f ms per step (after 3 warm-up epochs)%n",
            net.getSimpleName(), (System.nanoTime() - start) / 1e6 / STEPS);
      }
    }
    sc.stop();
    // Spark 3.5's barrier tasks leave a non-daemon timer thread behind ("Barrier task timer for barrier() calls."),
    // which in local mode lives in this JVM and would keep it running after main returns.
    System.exit(0);
  }

  private static Model fresh(Class<?> net) {
    Model model = Model.forNetwork(net);
    Initializer.initialize(model, 7);
    return model;
  }
}
