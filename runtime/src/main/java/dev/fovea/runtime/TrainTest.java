package dev.fovea.runtime;

/** A training set and its held-out test set. */
public record TrainTest(Dataset train, Dataset test) {

  /** Both sets standardised with the training set's pixel mean and deviation, so the test set leaks nothing. */
  public TrainTest standardized() {
    double[] stats = train.pixelMeanAndStd();
    return new TrainTest(train.standardized(stats[0], stats[1]), test.standardized(stats[0], stats[1]));
  }
}
