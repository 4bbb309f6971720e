package dev.fovea.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras' {@code ReduceLROnPlateau}: multiplies the learning rate by {@code factor} when {@code monitor} has
 * not improved for {@code patience} epochs, never going below {@code minRate}.
 */
public final class ReduceLrOnPlateau {

  private final Metric monitor;
  private final double factor;
  private final int patience;
  private final double minRate;
  private double best = Double.NaN;
  private int wait;
  private double multiplier = 1;

  /** Multiplies the rate by {@code factor} after {@code patience} epochs without improvement, down to {@code minRate}. */
  public ReduceLrOnPlateau(Metric monitor, double factor, int patience, double minRate) {
    if (!(factor > 0 && factor < 1)) {
      throw new IllegalArgumentException("plateau factor must be in (0, 1), got " + factor);
    }
    if (patience < 1) {
      throw new IllegalArgumentException("plateau patience must be at least 1 epoch, got " + patience);
    }
    if (!(minRate >= 0) || Double.isInfinite(minRate)) {
      throw new IllegalArgumentException("minimum learning rate must be finite and not negative, got " + minRate);
    }
    this.monitor = monitor;
    this.factor = factor;
    this.patience = patience;
    this.minRate = minRate;
  }

  /** The metric watched. */
  public Metric monitor() {
    return monitor;
  }

  /** What the base rate is multiplied by now. */
  double multiplier() {
    return multiplier;
  }

  /** Records an epoch trained at base rate {@code baseRate} times {@link #multiplier()}. */
  void update(Trainer.EpochReport report, double baseRate) {
    double current = monitor.value(report);
    if (monitor.improves(current, best, 0)) {
      best = current;
      wait = 0;
    } else if (++wait >= patience) {
      multiplier = Math.max(multiplier * factor, minRate / baseRate);
      wait = 0;
    }
  }

  Map<String, Object> state() {
    Map<String, Object> json = new LinkedHashMap<>();
    if (!Double.isNaN(best)) {
      json.put("best", best);
    }
    json.put("wait", wait);
    json.put("multiplier", multiplier);
    return json;
  }

  void restoreState(Map<String, Object> json) {
    Object b = json.get("best");
    best = b instanceof Number n ? n.doubleValue() : Double.NaN;
    wait = ((Number) json.get("wait")).intValue();
    multiplier = ((Number) json.get("multiplier")).doubleValue();
  }

  @Override
  public String toString() {
    return "reduce-on-plateau on " + monitor + " (factor " + factor + ", patience " + patience + ", min rate "
        + minRate + ")";
  }
}
