package dev.fovea.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole runs: validation, early stopping, schedules, stopping from a listener, checkpoints and resuming. */
class TrainingRunTest {

  @TempDir Path dir;

  private static final Dataset DATA = ToyData.separable(300, 4);

  private static Trainer trainer(int epochs, Optimizer optimizer) {
    Model model = Model.of(TinyMlpNet.class);
    Initializer.initialize(model, 3);
    return new Trainer(model, optimizer, new Trainer.Config(epochs, 16, 9, 2));
  }

  @Test
  void validationFiguresArriveEveryEpochAndEqualAnEvaluation() {
    TrainTest split = DATA.split(0.2, 1);
    assertEquals(60, split.test().size());
    List<float[]> weights = new ArrayList<>();
    try (Trainer t = trainer(3, new Adam(0.01))) {
      TrainingRun.History h = new TrainingRun(t).validation(split.test())
          .listener(r -> weights.add(t.model().parameters().clone())).run(split.train());
      assertEquals(3, h.epochs().size());
      Trainer.EpochReport last = h.epochs().get(2);
      assertTrue(last.validated());
      Evaluation e = Evaluator.evaluate(t.model(), split.test(), 1, 1);
      assertEquals(e.loss(), last.validationLoss());
      assertEquals(e.accuracy(), last.validationAccuracy());
      assertTrue(last.format().contains("val loss "), last.format());
    }
  }

  @Test
  void earlyStoppingStopsAfterPatienceAndRestoresTheBestWeights() {
    List<float[]> weights = new ArrayList<>();
    // A learning rate so high that the loss gets worse after the first epochs.
    try (Trainer t = trainer(30, new Sgd(40))) {
      EarlyStopping stopping = new EarlyStopping(Metric.LOSS, 2, 0, true);
      TrainingRun.History h = new TrainingRun(t).earlyStopping(stopping)
          .listener(r -> weights.add(t.model().parameters().clone())).run(DATA);
      assertTrue(h.stoppedEarly(), h.toString());
      assertTrue(h.epochs().size() < 30);
      int best = h.bestEpoch();
      assertEquals(h.epochs().size() - 2, best, "stops two epochs without improvement after the best");
      double bestLoss = h.epochs().get(best - 1).loss();
      h.epochs().forEach(r -> assertTrue(r.loss() >= bestLoss));
      assertTrue(h.restoredBest());
      assertArrayEquals(weights.get(best - 1), t.model().parameters());
    }
  }

  @Test
  void aListenerCanStopTraining() {
    try (Trainer t = trainer(10, new Adam(0.01))) {
      TrainingRun.History h = new TrainingRun(t).listener(r -> {
        if (r.epoch() == 2) {
          t.stopTraining();
        }
      }).run(DATA);
      assertEquals(2, h.epochs().size());
      assertFalse(h.stoppedEarly(), "stopped by the listener, not by early stopping");
    }
    try (Trainer t = trainer(10, new Adam(0.01))) {
      List<Trainer.EpochReport> reports = t.fit(DATA, r -> t.stopTraining());
      assertEquals(1, reports.size());
    }
  }

  @Test
  void theLearningRateFollowsTheScheduleAndIsRecordedPerEpoch() {
    try (Trainer t = trainer(4, new Sgd(0.1))) {
      TrainingRun.History h = new TrainingRun(t).schedule(LearningRateSchedule.step(2, 0.5)).run(DATA);
      double[] rates = h.epochs().stream().mapToDouble(Trainer.EpochReport::learningRate).toArray();
      assertArrayEquals(new double[] {0.1f, 0.1f, 0.05f, 0.05f}, rates);
      assertEquals((double) 0.05f, TrainingRun.epochJson(h.epochs().get(3)).get("learningRate"));
    }
  }

  @Test
  void reduceOnPlateauLowersTheRateWhenTheMetricStalls() {
    try (Trainer t = trainer(12, new Sgd(40))) {
      TrainingRun.History h = new TrainingRun(t)
          .reduceOnPlateau(new ReduceLrOnPlateau(Metric.LOSS, 0.5, 1, 1)).run(DATA);
      double first = h.epochs().get(0).learningRate();
      double last = h.epochs().get(11).learningRate();
      assertEquals(40, first);
      assertTrue(last < first && last >= 1, h.toString());
    }
  }

  @Test
  void monitoringAValidationMetricWithoutValidationDataIsOneClearError() {
    try (Trainer t = trainer(2, new Adam())) {
      TrainingRun run = new TrainingRun(t).earlyStopping(new EarlyStopping(Metric.VAL_LOSS, 2, 0, true));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run.run(DATA));
      assertTrue(e.getMessage().startsWith("cannot monitor val_loss without a validation set"), e.getMessage());
    }
  }

  @Test
  void aRunResumedFromAnyCheckpointEndsWithTheSameWeightsAndHistory() {
    Path file = dir.resolve("run.checkpoint");
    TrainTest split = DATA.split(0.25, 2);
    float[] uninterrupted;
    List<Trainer.EpochReport> expected;
    try (Trainer t = trainer(5, new Adam(0.02))) {
      expected = configure(t, split, file).run(split.train()).epochs();
      uninterrupted = t.model().parameters().clone();
    }
    for (int crashAt : new int[] {3, 17, 30, 44}) {
      try {
        Files.deleteIfExists(file);
        try (Trainer t = trainer(5, new Adam(0.02))) {
          int[] batches = {0};
          // A checkpoint after every batch (0 s), and a crash after some batch.
          configure(t, split, file).listener(new Trainer.Listener() {
            @Override
            public void epochFinished(Trainer.EpochReport report) {}

            @Override
            public void batchFinished(int epoch, int batch, int of, int samples, double loss) {
              if (++batches[0] == crashAt) {
                throw new IllegalStateException("crash");
              }
            }
          }).run(split.train());
        }
      } catch (IllegalStateException | java.io.IOException e) {
        assertEquals("crash", e.getMessage());
      }
      try (Trainer t = trainer(5, new Adam(0.02))) {
        List<String> notes = new ArrayList<>();
        TrainingRun.History h = configure(t, split, file).log(notes::add).run(split.train());
        assertTrue(notes.get(0).startsWith("Resuming from "), notes.toString());
        assertArrayEquals(uninterrupted, t.model().parameters(), "crash after batch " + crashAt);
        for (int e = 0; e < expected.size(); e++) {
          assertEquals(expected.get(e).loss(), h.epochs().get(e).loss());
          assertEquals(expected.get(e).validationLoss(), h.epochs().get(e).validationLoss());
          assertEquals(expected.get(e).learningRate(), h.epochs().get(e).learningRate());
        }
      }
    }
  }

  @Test
  void aFullRunGivesTheSameWeightsOnOneOrThreeThreads() {
    TrainTest split = DATA.split(0.25, 2);
    float[][] weights = new float[2][];
    for (int run = 0; run < 2; run++) {
      Model model = Model.of(TinyDenseNet.class);
      Initializer.initialize(model, 3);
      TrainingOptions options = new TrainingOptions(0.1f, 1, 0.01f, true, new Augmentation(1, true, 0.25, 0));
      try (Trainer t = new Trainer(model, new Adam(0.02), new Trainer.Config(4, 16, 9, 1 + 2 * run), options)) {
        new TrainingRun(t).validation(split.test()).schedule(LearningRateSchedule.oneCycle())
            .earlyStopping(new EarlyStopping(Metric.VAL_ACCURACY, 2, 0, true)).run(split.train());
      }
      weights[run] = model.parameters();
    }
    assertArrayEquals(weights[0], weights[1]);
  }

  private static TrainingRun configure(Trainer t, TrainTest split, Path file) {
    return new TrainingRun(t).validation(split.test()).schedule(LearningRateSchedule.cosine(1, 0.1))
        .reduceOnPlateau(new ReduceLrOnPlateau(Metric.VAL_LOSS, 0.5, 1, 0))
        .earlyStopping(new EarlyStopping(Metric.VAL_ACCURACY, 4, 0, true))
        .checkpoints(file, 1, 1e-9, "fingerprint");
  }

  @Test
  void aCheckpointForOtherSettingsIsNotResumedAndADamagedOneIsRefused() throws Exception {
    Path file = dir.resolve("run.checkpoint");
    try (Trainer t = trainer(1, new Adam(0.01))) {
      new TrainingRun(t).checkpoints(file, 1, 0, "a").run(DATA);
    }
    try (Trainer t = trainer(1, new Adam(0.01))) {
      List<String> notes = new ArrayList<>();
      TrainingRun.History h = new TrainingRun(t).checkpoints(file, 1, 0, "b").log(notes::add).run(DATA);
      assertEquals(0, h.resumedEpoch());
      assertTrue(notes.get(0).startsWith("Starting over: "), notes.toString());
    }
    byte[] bytes = Files.readAllBytes(file);
    for (int cut : new int[] {0, 7, 20, bytes.length / 2, bytes.length - 1}) {
      Files.write(file, java.util.Arrays.copyOf(bytes, cut));
      DataFileException e = assertThrows(DataFileException.class, () -> Checkpoint.read(file));
      assertTrue(e.getMessage().contains(Checkpoint.CORRUPT), e.getMessage());
      assertTrue(e.getMessage().endsWith(Checkpoint.START_OVER), e.getMessage());
    }
    bytes[bytes.length / 2] ^= 1;
    Files.write(file, bytes);
    assertThrows(DataFileException.class, () -> Checkpoint.read(file));
  }

  @Test
  void divergenceNamesTheLayerAndKeepsTheLastGoodCheckpoint() throws Exception {
    Path file = dir.resolve("run.checkpoint");
    try (Trainer t = trainer(3, new Adam(1e38))) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> new TrainingRun(t).checkpoints(file, 1, 1e-9, "f").run(DATA));
      assertTrue(e.getMessage().matches("training diverged at epoch 1, batch \\d+: .* layer fc\\d .*; the last good "
          + "checkpoint \\(epoch 1, batch \\d+\\) is kept in .*"), e.getMessage());
    }
    assertNotNull(Checkpoint.read(file));
  }

  @Test
  void adamAtLearningRate100EitherDivergesOrIsWarnedAbout() {
    Dataset data = ToyData.separable(600, 6);
    try (Trainer t = trainer(3, new Adam(100))) {
      TrainingRun.History h = new TrainingRun(t).run(data);
      double accuracy = h.epochs().get(2).accuracy();
      assertNotNull(TrainingRun.chanceWarning(accuracy, data), "accuracy " + accuracy + " passed without a warning");
    } catch (IllegalStateException e) {
      assertTrue(e.getMessage().startsWith(Divergence.PREFIX), e.getMessage());
    }
  }

  @Test
  void aRunEndingAtChanceGetsAWarning() {
    assertNull(TrainingRun.chanceWarning(0.9, DATA));
    String warning = TrainingRun.chanceWarning(0.34, DATA);
    assertNotNull(warning);
    assertTrue(warning.startsWith("final training accuracy 34.00 % is at chance level"), warning);
  }
}
