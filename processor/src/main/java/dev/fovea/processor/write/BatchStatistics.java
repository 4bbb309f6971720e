package dev.fovea.processor.write;

import com.palantir.javapoet.MethodSpec;
import dev.fovea.processor.model.LayerPlan;

/**
 * A layer whose training pass needs statistics over the whole mini-batch (batch norm). Such a layer opens a stage:
 * the caller runs the stage before it for every sample, adds each sample's sums ({@link #forwardSums}) in sample
 * order, hands the totals back ({@link #setForwardStatistics}), and does the same on the way back.
 */
public interface BatchStatistics extends LayerEmitter {
  /** {@code forwardSums_x(double[] sums)}: adds this sample's per-channel sums of the layer's input. */
  MethodSpec forwardSums();

  /** {@code setForwardStatistics_x(double[] sums, int batch)}: the batch's mean and spread, and running state. */
  MethodSpec setForwardStatistics();

  /** {@code backwardSums_x(double[] sums)}: adds this sample's per-channel sums of the output gradient. */
  MethodSpec backwardSums();

  /** {@code setBackwardStatistics_x(double[] sums, int batch)}: the batch's gradient means. */
  MethodSpec setBackwardStatistics();

  /** Values per sample {@link #forwardSums} and {@link #backwardSums} add to. */
  int sumsSize();

  static String name(LayerPlan layer, String what) {
    return LayerEmitter.member(layer, what);
  }
}
