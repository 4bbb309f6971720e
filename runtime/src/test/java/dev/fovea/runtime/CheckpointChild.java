package dev.fovea.runtime;

import java.nio.file.Path;

/**
 * The child JVM of {@link KillResumeTest}: trains a tiny network with checkpoints every 30 ms into {@code args[0]}
 * (resuming from one if present), then saves the final weights to {@code args[1]}.
 */
public final class CheckpointChild {

  /** Printed before training starts, so the parent times its kill from there rather than from the JVM's start. */
  static final String STARTED = "training";

  private CheckpointChild() {}

  public static void main(String[] args) {
    Dataset all = ToyData.separable(400, 8);
    TrainTest split = all.split(0.2, 3);
    Model model = Model.of(TinyMlpNet.class);
    System.out.println(STARTED);
    Initializer.initialize(model, 5);
    try (Trainer trainer = new Trainer(model, new Adam(0.01), new Trainer.Config(8, 8, 13, 2),
        new TrainingOptions(0.05f, 2, 0.01f, true, Augmentation.NONE))) {
      new TrainingRun(trainer).validation(split.test()).schedule(LearningRateSchedule.cosine(1, 0))
          .earlyStopping(new EarlyStopping(Metric.VAL_LOSS, 20, 0, true))
          .checkpoints(Path.of(args[0]), 1, 0.03, "child").log(System.out::println).listener(new Trainer.Listener() {
            @Override
            public void epochFinished(Trainer.EpochReport report) {}

            @Override
            public void batchFinished(int epoch, int batch, int batches, int samples, double loss) {
              // Paces the run (at least 1.6 s of 320 batches) so that kills land in every phase; the weights do not depend on it.
              try {
                Thread.sleep(5);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }).run(split.train());
    }
    SafeTensors.save(model, Path.of(args[1]));
  }
}
