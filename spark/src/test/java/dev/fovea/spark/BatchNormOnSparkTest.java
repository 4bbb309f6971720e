package dev.fovea.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fovea.runtime.Augmentation;
import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.Initializer;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.Optimizers;
import dev.fovea.runtime.ParameterSpec;
import dev.fovea.runtime.Trainer;
import dev.fovea.runtime.TrainingOptions;
import java.util.Arrays;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Batch normalisation on Spark's engine gives the single-machine Trainer's weights, running statistics included,
 * bit for bit on 1, 2 and 3 tasks, also when a barrier task fails mid-step and Spark reruns the stage.
 */
class BatchNormOnSparkTest {

  // Three barrier tasks need three slots; the second number lets a failed task be retried (local[N] fails the job).
  private static final String MASTER = "local[3,2]";
  // Every exchange of statistics costs about a second (Spark's barrier tasks poll once a second), so few steps:
  // 100 samples in batches of 32 leave a last batch of 4; 50 in batches of 12 one of 2 (two shards of one sample).
  private static final Dataset TRAIN = LocalSpark.train(100);

  @AfterAll
  static void backToTheSharedMaster() {
    LocalSpark.session();
  }

  @Test
  void oneTwoAndThreeTasksGiveTheTrainersWeights() {
    float[] initial = initial().parameters().clone();
    float[] expected = single(TRAIN, "adam", 0.01, 32, 1, TrainingOptions.NONE);
    org.apache.spark.sql.Dataset<Row> rows = FoveaData.of(session(), TRAIN, Preprocessing.NONE, 3);
    for (int tasks : new int[] {1, 2, 3}) {
      float[] actual = classifier("adam", 0.01, 32, 1, tasks).fit(rows).weights();
      assertArrayEquals(expected, actual, tasks + " tasks");
    }
    // The running statistics, which only the forward statistics move, moved.
    ParameterSpec mean = initial().parameterSpec("bn2.running_mean");
    assertFalse(Arrays.equals(Arrays.copyOfRange(initial, mean.offset(), mean.offset() + mean.length()),
        Arrays.copyOfRange(expected, mean.offset(), mean.offset() + mean.length())));
  }

  @Test
  void unevenShardsAndTheRuntimesOptionsStillMatch() {
    Dataset train = TRAIN.slice(0, 50);
    TrainingOptions options = new TrainingOptions(0.1f, 0.5f, 0.01f, true, Augmentation.NONE);
    float[] expected = single(train, "momentum", 0.05, 12, 1, options);
    float[] actual = classifier("momentum", 0.05, 12, 1, 3).setLabelSmoothing(0.1).setClipNorm(0.5)
        .setWeightDecay(0.01).fit(FoveaData.of(session(), train, Preprocessing.NONE, 3)).weights();
    assertArrayEquals(expected, actual);
  }

  @Test
  void aTaskThatFailsMidStepIsRetriedWithTheStage() {
    Dataset train = TRAIN.slice(0, 64);
    float[] expected = single(train, "adam", 0.01, 16, 1, TrainingOptions.NONE);
    BarrierStep.FAIL_ONCE_AT_STEP.set(3);
    try {
      float[] actual = classifier("adam", 0.01, 16, 1, 3)
          .fit(FoveaData.of(session(), train, Preprocessing.NONE, 3)).weights();
      assertEquals(-1, BarrierStep.FAIL_ONCE_AT_STEP.get(), "the task should have failed");
      assertArrayEquals(expected, actual);
    } finally {
      BarrierStep.FAIL_ONCE_AT_STEP.set(-1);
    }
  }

  @Test
  void moreTasksThanSlotsAreRefusedBeforeAnyStep() {
    org.apache.spark.sql.Dataset<Row> rows = FoveaData.of(session(), TRAIN.slice(0, 16), Preprocessing.NONE, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> classifier("adam", 0.01, 16, 1, 4).fit(rows));
    assertEquals(String.format(BarrierStep.TOO_FEW_SLOTS, 4, 3), e.getMessage());
  }

  private static SparkSession session() {
    return LocalSpark.session(MASTER);
  }

  private static FoveaClassifier classifier(String optimizer, double rate, int batch, int epochs, int tasks) {
    return new FoveaClassifier().setNetwork(SparkBatchNormNet.class).setOptimizer(optimizer).setLearningRate(rate)
        .setBatchSize(batch).setEpochs(epochs).setSeed(7).setNumTasks(tasks);
  }

  private static Model initial() {
    Model model = Model.forNetwork(SparkBatchNormNet.class);
    Initializer.initialize(model, 7);
    return model;
  }

  /** The runtime's own training with the same seed for weights and shuffle, on two threads. */
  private static float[] single(Dataset train, String optimizer, double rate, int batch, int epochs,
      TrainingOptions options) {
    Model model = initial();
    try (Trainer trainer = new Trainer(model, Optimizers.parse(optimizer, rate),
        new Trainer.Config(epochs, batch, 7, 2), options)) {
      trainer.fit(train, null);
    }
    return model.parameters().clone();
  }
}
