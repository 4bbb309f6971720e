package dev.fovea.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras' {@code EarlyStopping}: stops training when {@code monitor} has not improved by more than {@code
 * minDelta} for {@code patience} epochs, and with {@code restoreBestWeights} ends with the weights of the best
 * epoch (also when training ran to the end).
 */
public final class EarlyStopping {

  private final Metric monitor;
  private final int patience;
  private final double minDelta;
  private final boolean restoreBestWeights;
  private double best = Double.NaN;
  private int bestEpoch;
  private int wait;
  private float[] bestWeights;

  /** Stops after {@code patience} epochs without a {@code minDelta} improvement of {@code monitor}. */
  public EarlyStopping(Metric monitor, int patience, double minDelta, boolean restoreBestWeights) {
    if (patience < 1) {
      throw new IllegalArgumentException("patience must be at least 1 epoch, got " + patience);
    }
    if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
      throw new IllegalArgumentException("minimum improvement must be finite and not negative, got " + minDelta);
    }
    this.monitor = monitor;
    this.patience = patience;
    this.minDelta = minDelta;
    this.restoreBestWeights = restoreBestWeights;
  }

  /** The metric watched. */
  public Metric monitor() {
    return monitor;
  }

  /** Whether the best epoch's weights come back when training stops. */
  public boolean restoreBestWeights() {
    return restoreBestWeights;
  }

  /** The best epoch so far (1-based), 0 before the first. */
  public int bestEpoch() {
    return bestEpoch;
  }

  /** Records an epoch; true when training should stop. {@code weights} are copied when the epoch is the best. */
  boolean update(Trainer.EpochReport report, float[] weights) {
    double current = monitor.value(report);
    if (monitor.improves(current, best, minDelta)) {
      best = current;
      bestEpoch = report.epoch();
      wait = 0;
      if (restoreBestWeights) {
        if (bestWeights == null) {
          bestWeights = new float[weights.length];
        }
        System.arraycopy(weights, 0, bestWeights, 0, weights.length);
      }
      return false;
    }
    return ++wait >= patience;
  }

  /** Copies the best epoch's weights into {@code weights}; false if there are none to restore. */
  boolean restore(float[] weights) {
    if (!restoreBestWeights || bestWeights == null) {
      return false;
    }
    System.arraycopy(bestWeights, 0, weights, 0, weights.length);
    return true;
  }

  /** The best weights kept so far (null if none), for checkpoints. */
  float[] bestWeights() {
    return bestWeights;
  }

  Map<String, Object> state() {
    Map<String, Object> json = new LinkedHashMap<>();
    if (!Double.isNaN(best)) {
      json.put("best", best);
    }
    json.put("bestEpoch", bestEpoch);
    json.put("wait", wait);
    return json;
  }

  void restoreState(Map<String, Object> json, float[] weights) {
    Object b = json.get("best");
    best = b instanceof Number n ? n.doubleValue() : Double.NaN;
    bestEpoch = ((Number) json.get("bestEpoch")).intValue();
    wait = ((Number) json.get("wait")).intValue();
    bestWeights = weights;
  }

  @Override
  public String toString() {
    return "early stopping on " + monitor + " (patience " + patience + ", min delta " + minDelta
        + (restoreBestWeights ? ", restoring the best weights)" : ")");
  }
}
