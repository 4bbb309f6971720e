package dev.fovea.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.Initializer;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.Optimizers;
import dev.fovea.runtime.Trainer;
import dev.fovea.runtime.TrainingOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failed tasks are retried and their step redone: training still ends with the uninterrupted Trainer's bits. */
class TaskRetryTest {

  // local[2,3]: two threads, and a task may fail twice before its job does (plain local[2] allows no retry).
  private static final String MASTER = "local[2,3]";
  private static final String INJECTED = "injected task failure";
  // 200 samples in batches of 32: 7 steps per epoch; the failure hits the third batch (positions 64-95).
  private static final Dataset TRAIN = LocalSpark.train(200);
  private static final Trainer.Config CONFIG = new Trainer.Config(2, 32, 5, 2);
  private static final int FAILING_BATCH_START = 64;

  private static float[] uninterrupted;
  private static final AtomicInteger FAILURES = new AtomicInteger();

  @TempDir
  Path dir;

  @BeforeAll
  static void trainOnOneMachine() {
    Model model = fresh();
    try (Trainer trainer = new Trainer(model, Optimizers.parse("adam", 0.01), CONFIG)) {
      trainer.fit(TRAIN, null);
    }
    uninterrupted = model.parameters().clone();
  }

  @AfterEach
  void removeFault() {
    DataParallelTrainer.taskFaultForTests = null;
    FAILURES.set(0);
  }

  @Test
  void aStepTaskThatFailsOnceIsRetriedAndTheStepRedone() {
    // Task 1's first attempt at the third batch of each epoch throws mid-step; its retry computes the same shards.
    DataParallelTrainer.taskFaultForTests = from -> {
      TaskContext task = TaskContext.get();
      if (from == FAILING_BATCH_START && task.partitionId() == 1 && task.attemptNumber() == 0) {
        FAILURES.incrementAndGet();
        throw new IllegalStateException(INJECTED);
      }
    };
    Model model = fresh();
    DataParallelTrainer trainer = trainer(model);
    trainer.fit(pairs(), TRAIN.size(), line -> { });

    assertEquals(2, FAILURES.get(), "one failed attempt per epoch");
    assertEquals(14, trainer.steps(), "each step applied once");
    assertArrayEquals(uninterrupted, model.parameters());
  }

  @Test
  void aPlacementTaskThatFailsOnceIsRetried() {
    // The data's decoding fails on its first attempt at partition 0, in each epoch's placement shuffle.
    JavaPairRDD<Long, ShardBlock.Sample> flaky = pairs().mapValues(sample -> {
      TaskContext task = TaskContext.get();
      if (task.partitionId() == 0 && task.attemptNumber() == 0 && sample.index() == 0) {
        FAILURES.incrementAndGet();
        throw new IllegalStateException(INJECTED);
      }
      return sample;
    });
    Model model = fresh();
    trainer(model).fit(flaky, TRAIN.size(), line -> { });

    assertEquals(2, FAILURES.get(), "one failed attempt per epoch");
    assertArrayEquals(uninterrupted, model.parameters());
  }

  @Test
  void aStepThatFailsOnEveryAttemptResumesFromItsCheckpoint() {
    DataParallelTrainer.taskFaultForTests = from -> {
      if (from == FAILING_BATCH_START && TaskContext.get().partitionId() == 0) {
        FAILURES.incrementAndGet();
        throw new IllegalStateException(INJECTED);
      }
    };
    String file = dir.resolve("run.checkpoint").toString();
    List<String> log = new ArrayList<>();
    SparkException failed = assertThrows(SparkException.class,
        () -> trainer(fresh()).checkpoints(file, 1, "retry", sc().hadoopConfiguration())
            .fit(pairs(), TRAIN.size(), log::add));
    assertTrue(failed.getMessage().contains(INJECTED), failed.getMessage());
    assertEquals(3, FAILURES.get(), "Spark's three attempts");

    DataParallelTrainer.taskFaultForTests = null;
    Model model = fresh();
    trainer(model).checkpoints(file, 1, "retry", sc().hadoopConfiguration()).fit(pairs(), TRAIN.size(), log::add);
    assertEquals(true, log.contains("Resuming from " + file + " (epoch 1, batch 2)"), log.toString());
    assertArrayEquals(uninterrupted, model.parameters());
  }

  private static DataParallelTrainer trainer(Model model) {
    return new DataParallelTrainer(sc(), model, Optimizers.parse("adam", 0.01), CONFIG, TrainingOptions.NONE, 2);
  }

  private static JavaPairRDD<Long, ShardBlock.Sample> pairs() {
    return CheckpointResumeTest.pairs(sc(), TRAIN);
  }

  private static JavaSparkContext sc() {
    return JavaSparkContext.fromSparkContext(LocalSpark.session(MASTER).sparkContext());
  }

  private static Model fresh() {
    Model model = Model.forNetwork(SparkTestNet.class);
    Initializer.initialize(model, 5);
    return model;
  }
}
