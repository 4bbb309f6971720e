package dev.fovea.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fovea.runtime.LearningRateSchedule;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fovea:train's settings: one clear message for a bad one, and a fingerprint of only what changes the weights. */
class TrainingSetupTest {

  @TempDir Path dir;

  /** A mojo with the defaults its annotations declare. */
  private static TrainMojo mojo() {
    TrainMojo m = new TrainMojo();
    m.optimizer = "adam";
    m.epochs = 5;
    m.batchSize = 32;
    m.seed = 42;
    m.standardize = true;
    m.schedule = "constant";
    m.decayEpochs = 10;
    m.restoreBestWeights = true;
    m.checkpointEpochs = 1;
    m.checkpointMinutes = 5;
    m.resume = true;
    m.threads = 1;
    return m;
  }

  private static String failure(TrainMojo m) {
    return assertThrows(MojoFailureException.class, () -> new TrainingSetup(m)).getMessage();
  }

  @Test
  void badSettingsAreOneMessageEach() {
    TrainMojo m = mojo();
    m.schedule = "cosin";
    assertEquals("unknown schedule \"cosin\", expected one of: " + TrainingSetup.SCHEDULES, failure(m));
    m = mojo();
    m.validationSplit = 1.5;
    assertEquals("validationSplit is a fraction in [0, 1), e.g. 0.1, not 1.5", failure(m));
    m = mojo();
    m.validationSplit = 0.1;
    m.validationData = new File("val");
    assertEquals("set either validationSplit or validationData, not both", failure(m));
    TrainMojo monitor = mojo();
    monitor.monitor = "val_acc";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TrainingSetup(monitor));
    assertEquals("unknown metric \"val_acc\", expected one of: loss, accuracy, val_loss, val_accuracy", e.getMessage());
  }

  @Test
  void schedulesTakeTheirDefaults() throws MojoFailureException {
    TrainMojo m = mojo();
    m.schedule = "Step";
    assertEquals(LearningRateSchedule.step(10, 0.1), new TrainingSetup(m).schedule());
    m.schedule = "exponential";
    assertEquals(LearningRateSchedule.exponential(0.9), new TrainingSetup(m).schedule());
    m.schedule = "cosine";
    m.learningRate = 0.01;
    m.minLearningRate = 0.005;
    m.warmupEpochs = 2;
    assertEquals(LearningRateSchedule.cosine(2, 0.5), new TrainingSetup(m).schedule());
    assertEquals("val_loss", withSplit().monitor(), "val_loss when there is validation data, else loss");
    assertEquals("loss", mojo().monitor());
  }

  private static TrainMojo withSplit() {
    TrainMojo m = mojo();
    m.validationSplit = 0.1;
    return m;
  }

  @Test
  void theFingerprintIgnoresThreadsCheckpointsAndResumingButNotCallbacks() throws Exception {
    Path csv = dir.resolve("train.csv");
    Files.writeString(csv, "0,1,2,3,4\n");
    byte[] classBytes = {1, 2, 3};
    Fingerprint base = new TrainingSetup(mojo()).fingerprint(classBytes, csv);
    TrainMojo same = mojo();
    same.threads = 2;
    same.checkpointMinutes = 1;
    same.checkpointEpochs = 3;
    same.resume = false;
    assertEquals(base, new TrainingSetup(same).fingerprint(classBytes, csv));
    TrainMojo other = mojo();
    other.patience = 3;
    assertNotEquals(base.settings(), new TrainingSetup(other).fingerprint(classBytes, csv).settings());
    TrainMojo augmented = mojo();
    augmented.flip = true;
    assertNotEquals(base.settings(), new TrainingSetup(augmented).fingerprint(classBytes, csv).settings());
  }
}
