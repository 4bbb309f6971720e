package dev.fovea.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.fovea.runtime.Augmentation;
import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.Initializer;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.Optimizers;
import dev.fovea.runtime.Trainer;
import dev.fovea.runtime.TrainingOptions;
import java.util.Arrays;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Training on Spark's engine gives the single-machine Trainer's weights bit for bit, for any task count. */
class DataParallelEquivalenceTest {

  // 300 samples in batches of 32 leave a last batch of 12 (8 shards of one or two samples); 50 in batches of
  // 12 leave one of 2 (2 shards of one sample), and 12 in 8 shards gives uneven ranges.
  private static final Dataset TRAIN = LocalSpark.train(300);

  @Test
  void oneTwoAndThreeTasksGiveTheTrainersWeights() {
    float[] expected = single(TRAIN, "adam", 0.01, 32, 2, TrainingOptions.NONE);
    org.apache.spark.sql.Dataset<Row> rows = FoveaData.of(LocalSpark.session(), TRAIN, Preprocessing.NONE, 3);
    FoveaClassificationModel twoTasks = null;
    for (int tasks : new int[] {1, 2, 3}) {
      FoveaClassificationModel model = classifier("adam", 0.01, 32, 2, tasks).fit(rows);
      assertArrayEquals(expected, model.weights(), tasks + " tasks");
      twoTasks = tasks == 2 ? model : twoTasks;
    }
    float[] otherSeed = classifier("adam", 0.01, 32, 1, 2).setSeed(12).fit(rows).weights();
    assertFalse(Arrays.equals(expected, otherSeed), "the seed should change the weights");

    // And the weights are trained ones: two epochs on 300 images get far past chance (20 of 200).
    Dataset test = LocalSpark.slice().test().slice(0, 200);
    long correct = twoTasks.transform(FoveaData.of(LocalSpark.session(), test, Preprocessing.NONE, 2))
        .filter("prediction = label").count();
    assertEquals(true, correct > 80, correct + " of 200 correct");
  }

  @Test
  void unevenShardsAndTheRuntimesOptionsStillMatch() {
    Dataset train = TRAIN.slice(0, 50);
    TrainingOptions options = new TrainingOptions(0.1f, 0.5f, 0.01f, true, Augmentation.NONE);
    float[] expected = single(train, "momentum", 0.05, 12, 1, options);
    FoveaClassifier classifier = classifier("momentum", 0.05, 12, 1, 2)
        .setLabelSmoothing(0.1).setClipNorm(0.5).setWeightDecay(0.01);
    float[] actual = classifier.fit(FoveaData.of(LocalSpark.session(), train, Preprocessing.NONE, 2)).weights();
    assertArrayEquals(expected, actual);
  }

  @Test
  void dropoutMasksDoNotDependOnTheTasks() {
    Dataset train = TRAIN.slice(0, 100);
    Model model = Model.forNetwork(SparkDropoutNet.class);
    Initializer.initialize(model, 7);
    try (Trainer trainer = new Trainer(model, Optimizers.parse("adam", 0.01), new Trainer.Config(1, 16, 7, 2))) {
      trainer.fit(train, null);
    }
    org.apache.spark.sql.Dataset<Row> rows = FoveaData.of(LocalSpark.session(), train, Preprocessing.NONE, 2);
    for (int tasks : new int[] {1, 3}) {
      FoveaClassificationModel fitted = new FoveaClassifier().setNetwork(SparkDropoutNet.class).setOptimizer("adam")
          .setLearningRate(0.01).setBatchSize(16).setEpochs(1).setSeed(7).setNumTasks(tasks).fit(rows);
      assertArrayEquals(model.parameters(), fitted.weights(), tasks + " tasks");
    }
  }

  private static FoveaClassifier classifier(String optimizer, double rate, int batch, int epochs, int tasks) {
    return new FoveaClassifier().setNetwork(SparkTestNet.class).setOptimizer(optimizer).setLearningRate(rate)
        .setBatchSize(batch).setEpochs(epochs).setSeed(7).setNumTasks(tasks);
  }

  /** The runtime's own training with the same seed for weights and shuffle, on two threads. */
  private static float[] single(Dataset train, String optimizer, double rate, int batch, int epochs,
      TrainingOptions options) {
    Model model = Model.forNetwork(SparkTestNet.class);
    Initializer.initialize(model, 7);
    try (Trainer trainer = new Trainer(model, Optimizers.parse(optimizer, rate),
        new Trainer.Config(epochs, batch, 7, 2), options)) {
      trainer.fit(train, null);
    }
    return model.parameters().clone();
  }
}
