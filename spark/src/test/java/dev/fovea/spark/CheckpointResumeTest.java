package dev.fovea.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.Initializer;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.Optimizers;
import dev.fovea.runtime.Trainer;
import dev.fovea.runtime.TrainingOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

/** A driver killed twice mid-run resumes from its checkpoints and ends with the uninterrupted Trainer's weights. */
class CheckpointResumeTest {

  @TempDir
  Path dir;

  @Test
  void killedTwiceAndResumedEqualsUninterrupted() {
    Dataset train = LocalSpark.train(200);
    Trainer.Config config = new Trainer.Config(2, 32, 9, 2);
    Model reference = fresh();
    try (Trainer trainer = new Trainer(reference, Optimizers.parse("rmsprop", 0.005), config)) {
      trainer.fit(train, null);
    }

    JavaSparkContext sc = JavaSparkContext.fromSparkContext(LocalSpark.session().sparkContext());
    JavaPairRDD<Long, ShardBlock.Sample> data = pairs(sc, train);
    String file = dir.resolve("run.checkpoint").toString();
    List<String> log = new ArrayList<>();
    // 7 steps per epoch; checkpoints every 3 steps and at each epoch's end.
    Model model = fresh();
    DataParallelTrainer first = trainer(sc, model, config, file);
    first.failAfterSteps = 5;
    assertThrows(IllegalStateException.class, () -> first.fit(data, train.size(), log::add));

    Model again = fresh();
    DataParallelTrainer second = trainer(sc, again, config, file);
    second.failAfterSteps = 5;
    assertThrows(IllegalStateException.class, () -> second.fit(data, train.size(), log::add));

    Model last = fresh();
    trainer(sc, last, config, file).fit(data, train.size(), log::add);

    assertArrayEquals(reference.parameters(), last.parameters());
    assertEquals(List.of(true, true), log.stream().filter(l -> l.startsWith("Resuming")).map(l -> true).toList(),
        log.toString());
    assertEquals(true, log.contains("Resuming from " + file + " (epoch 1, batch 3)"), log.toString());
    assertEquals(true, log.contains("Resuming from " + file + " (epoch 2, batch 0)"), log.toString());
  }

  private static DataParallelTrainer trainer(JavaSparkContext sc, Model model, Trainer.Config config, String file) {
    return new DataParallelTrainer(sc, model, Optimizers.parse("rmsprop", 0.005), config, TrainingOptions.NONE, 2)
        .checkpoints(file, 3, "test", sc.hadoopConfiguration());
  }

  private static Model fresh() {
    Model model = Model.forNetwork(SparkTestNet.class);
    Initializer.initialize(model, 9);
    return model;
  }

  static JavaPairRDD<Long, ShardBlock.Sample> pairs(JavaSparkContext sc, Dataset data) {
    List<Tuple2<Long, ShardBlock.Sample>> list = new ArrayList<>();
    int size = data.imageSize();
    for (int i = 0; i < data.size(); i++) {
      list.add(new Tuple2<>((long) i, new ShardBlock.Sample(i,
          Arrays.copyOfRange(data.images(), i * size, (i + 1) * size), data.labels()[i])));
    }
    return sc.parallelizePairs(list, 2);
  }
}
