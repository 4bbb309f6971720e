package app;

import tiny.TinyClassifier;

/** Uses the exported classifier as a library, from the attached artifact. */
public final class App {
  private App() {}

  /** The label of a blank image. */
  public static String blank() {
    return TinyClassifier.labels()[TinyClassifier.predict(new float[TinyClassifier.INPUT_SIZE])];
  }
}
