package dev.fovea.report;

import dev.fovea.runtime.Trainer;
import java.util.List;
import java.util.Map;

/**
 * One epoch of a training history; values the training did not record are NaN.
 *
 * @param accuracy training accuracy as a fraction
 * @param validationAccuracy as a fraction
 */
public record Epoch(int epoch, double loss, double accuracy, double validationLoss, double validationAccuracy,
    double learningRate, double seconds) {

  /** The epochs of {@link Trainer#fit}, which records no validation metrics or per-epoch learning rate. */
  public static List<Epoch> of(List<Trainer.EpochReport> reports) {
    return reports.stream().map(r -> new Epoch(r.epoch(), r.loss(), r.accuracy(), Double.NaN, Double.NaN,
        Double.NaN, r.seconds())).toList();
  }

  /**
   * One entry of the {@code metrics.epochs} list of fovea:train's JSON. Validation metrics are read from
   * {@code validationLoss}/{@code validationAccuracy}, {@code valLoss}/{@code valAccuracy} or a nested
   * {@code validation} object's {@code loss}/{@code accuracy}; the learning rate from {@code learningRate} or
   * {@code lr}. What is absent is NaN.
   */
  public static Epoch fromJson(Map<?, ?> json, int position) {
    Map<?, ?> validation = json.get("validation") instanceof Map<?, ?> m ? m : Map.of();
    double number = number(json, "epoch");
    return new Epoch(Double.isNaN(number) ? position : (int) number, number(json, "loss"), number(json, "accuracy"),
        first(number(json, "validationLoss"), number(json, "valLoss"), number(validation, "loss")),
        first(number(json, "validationAccuracy"), number(json, "valAccuracy"), number(validation, "accuracy")),
        first(number(json, "learningRate"), number(json, "lr"), Double.NaN), number(json, "seconds"));
  }

  /** Whether any epoch has {@code value}. */
  static boolean any(List<Epoch> epochs, java.util.function.ToDoubleFunction<Epoch> value) {
    return epochs.stream().anyMatch(e -> !Double.isNaN(value.applyAsDouble(e)));
  }

  private static double number(Map<?, ?> json, String key) {
    return json.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private static double first(double a, double b, double c) {
    return !Double.isNaN(a) ? a : !Double.isNaN(b) ? b : c;
  }
}
