package dev.fovea.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How training fails: closed trainers, throwing shards, interrupts and a diverging loss. */
class TrainerFailureTest {

  @Test
  void aClosedTrainerRefusesToTrain() {
    Dataset data = ToyData.separable(20, 1);
    Trainer trainer = new Trainer(Model.of(TinyDenseNet.class), new Sgd(), new Trainer.Config(1, 4, 0, 2));
    trainer.close();
    trainer.close();
    assertEquals("trainer is closed",
        assertThrows(IllegalStateException.class, () -> trainer.runEpoch(data, 1)).getMessage());
    assertEquals("trainer is closed",
        assertThrows(IllegalStateException.class, () -> trainer.fit(data, null)).getMessage());
  }

  @Test
  void aThrowingShardLeavesEveryThreadIdleAndTheTrainerUsable() {
    Dataset clean = ToyData.separable(64, 3);
    for (int poisoned = 0; poisoned < 64; poisoned += 9) {
      float[] images = clean.images().clone();
      images[poisoned * 4] = -1;
      Dataset bad = new Dataset("bad", 1, 2, 2, images, clean.labels(), 3);
      Model model = initialized();
      try (Trainer trainer = new Trainer(model, new Sgd(0.1), new Trainer.Config(1, 64, 0, 4))) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer.runEpoch(bad, 1));
        assertEquals("poisoned sample", e.getMessage());
        assertEquals(0, PoisonNet.IN_FLIGHT.get(), "a worker was still running a shard");
        assertArrayEquals(initialized().parameters(), model.parameters(), "the failed batch must not step");
        trainer.runEpoch(clean, 1);
      }
      assertArrayEquals(trainedOnce(clean), model.parameters(), "the failure left gradients behind");
    }
  }

  @Test
  void anInterruptedCallerStopsOnceTheWorkersAreIdleAndStaysInterrupted() {
    Dataset data = ToyData.separable(64, 3);
    Model model = initialized();
    try (Trainer trainer = new Trainer(model, new Sgd(0.1), new Trainer.Config(1, 64, 0, 4))) {
      Thread.currentThread().interrupt();
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> trainer.runEpoch(data, 1));
      assertTrue(Thread.interrupted(), "the interrupt flag must be restored");
      assertEquals("training interrupted", e.getMessage());
      assertEquals(0, PoisonNet.IN_FLIGHT.get(), "a worker was still running a shard");
      assertArrayEquals(initialized().parameters(), model.parameters(), "the interrupted batch must not step");
      trainer.runEpoch(data, 1);
    }
    assertArrayEquals(trainedOnce(data), model.parameters());
  }

  @Test
  void aDivergingLossStopsTrainingWithAHint() {
    Dataset data = ToyData.separable(400, 1);
    Model model = Model.of(TinyMlpNet.class);
    Initializer.initialize(model, 1);
    try (Trainer trainer = new Trainer(model, new Adam(1e38), new Trainer.Config(3, 8, 0, 2))) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> trainer.fit(data, null));
      assertTrue(e.getMessage().matches(
          "training diverged at epoch 1, batch \\d+: .*; the learning rate \\(1\\.0E38\\) may be too high"),
          e.getMessage());
    }
    // An optimiser that does not report its learning rate gets the advice without a number.
    Optimizer anonymous = new Adam(1e38)::step;
    Model other = Model.of(TinyMlpNet.class);
    Initializer.initialize(other, 1);
    try (Trainer trainer = new Trainer(other, anonymous, new Trainer.Config(3, 8, 0, 1))) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> trainer.fit(data, null));
      assertTrue(e.getMessage().endsWith("; lower the learning rate"), e.getMessage());
    }
  }

  private static Model initialized() {
    Model model = Model.of(PoisonNet.class);
    Initializer.initialize(model, 5);
    return model;
  }

  private static float[] trainedOnce(Dataset data) {
    Model model = initialized();
    try (Trainer trainer = new Trainer(model, new Sgd(0.1), new Trainer.Config(1, 64, 0, 4))) {
      trainer.runEpoch(data, 1);
    }
    return model.parameters();
  }
}
