package dev.fovea.runtime;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** An epoch metric that early stopping and reduce-on-plateau can watch, named as Keras names it. */
public enum Metric {
  /** Mean training loss of the epoch. */
  LOSS("loss", false),
  /** Training accuracy of the epoch. */
  ACCURACY("accuracy", true),
  /** Loss on the validation data. */
  VAL_LOSS("val_loss", false),
  /** Accuracy on the validation data. */
  VAL_ACCURACY("val_accuracy", true);

  private final String key;
  private final boolean higherIsBetter;

  Metric(String key, boolean higherIsBetter) {
    this.key = key;
    this.higherIsBetter = higherIsBetter;
  }

  /** The Keras name, e.g. {@code val_loss}. */
  public String key() {
    return key;
  }

  /** Whether this is measured on the validation set. */
  public boolean needsValidation() {
    return this == VAL_LOSS || this == VAL_ACCURACY;
  }

  /** {@code loss}, {@code accuracy}, {@code val_loss} or {@code val_accuracy} (case insensitive). */
  public static Metric parse(String name) {
    String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    for (Metric m : values()) {
      if (m.key.equals(key)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown metric \"" + name + "\", expected one of: "
        + Arrays.stream(values()).map(Metric::key).collect(Collectors.joining(", ")));
  }

  /** This metric's value in {@code report}. */
  public double value(Trainer.EpochReport report) {
    return switch (this) {
      case LOSS -> report.loss();
      case ACCURACY -> report.accuracy();
      case VAL_LOSS -> report.validationLoss();
      case VAL_ACCURACY -> report.validationAccuracy();
    };
  }

  /** Whether {@code current} beats {@code best} by more than {@code minDelta}; anything beats NaN. */
  public boolean improves(double current, double best, double minDelta) {
    if (Double.isNaN(best)) {
      return !Double.isNaN(current);
    }
    return higherIsBetter ? current - minDelta > best : current + minDelta < best;
  }

  @Override
  public String toString() {
    return key;
  }
}
