package dev.fovea.report;

import dev.fovea.annotations.FixedKernel;
import dev.fovea.processor.model.FixedKernels;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.Shape;
import dev.fovea.processor.op.ChannelPoolingKind;
import dev.fovea.processor.op.FixedConv2DKind;
import dev.fovea.processor.op.GaussianPoolingKind;
import dev.fovea.processor.op.LocalResponseNormKind;
import java.util.Arrays;

/** {@link LayerTrace}'s plain forward passes of issue 9's kinds: local response norm, channel, Gaussian and fixed. */
final class KindTrace {
  private KindTrace() {}

  /** The layer's output, or null for a kind this class does not know. */
  static float[] forward(LayerPlan layer, float[] x) {
    if (layer.spec() instanceof LocalResponseNormKind.Spec lrn) {
      return localResponseNorm(layer, lrn, x);
    }
    if (layer.spec() instanceof ChannelPoolingKind.Spec pool) {
      return channelPool(layer, pool, x);
    }
    if (layer.spec() instanceof GaussianPoolingKind.Spec pool) {
      return perChannel(layer, pool.weights(), pool.windowHeight(), pool.windowWidth(), pool.strideHeight(),
          pool.strideWidth(), x);
    }
    if (layer.spec() instanceof FixedConv2DKind.Spec fixed) {
      int kh = fixed.kernelHeight();
      int kw = fixed.kernelWidth();
      double[] weights;
      if (fixed.kernel() == FixedKernel.BOX) {
        weights = new double[kh * kw];
        Arrays.fill(weights, FixedKernels.boxWeight(kh, kw));
      } else {
        weights = fixed.weights();
      }
      return perChannel(layer, weights, kh, kw, fixed.strideHeight(), fixed.strideWidth(), x);
    }
    return null;
  }

  private static float[] localResponseNorm(LayerPlan layer, LocalResponseNormKind.Spec lrn, float[] x) {
    Shape in = layer.input();
    float[] y = new float[x.length];
    for (int c = 0; c < in.channels(); c++) {
      for (int i = 0; i < in.area(); i++) {
        double sum = 0;
        for (int d = Math.max(0, c - lrn.before()); d <= Math.min(in.channels() - 1, c + lrn.after()); d++) {
          sum += (double) x[d * in.area() + i] * x[d * in.area() + i];
        }
        y[c * in.area() + i] = (float) (x[c * in.area() + i]
            / Math.pow(lrn.k() + lrn.alpha() / lrn.size() * sum, lrn.beta()));
      }
    }
    return y;
  }

  private static float[] channelPool(LayerPlan layer, ChannelPoolingKind.Spec pool, float[] x) {
    int area = layer.input().area();
    float[] y = new float[layer.output().size()];
    for (int o = 0; o < layer.output().channels(); o++) {
      for (int i = 0; i < area; i++) {
        float max = Float.NEGATIVE_INFINITY;
        double sum = 0;
        for (int c = o * pool.strides(); c < o * pool.strides() + pool.window(); c++) {
          max = Math.max(max, x[c * area + i]);
          sum += x[c * area + i];
        }
        y[o * area + i] = pool.max() ? max : (float) (sum / pool.window());
      }
    }
    return y;
  }

  /** One fixed kh x kw kernel over each channel on its own, at the plan's padding (cells outside are 0). */
  private static float[] perChannel(LayerPlan layer, double[] k, int kh, int kw, int sh, int sw, float[] x) {
    Shape in = layer.input();
    Shape out = layer.output();
    float[] y = new float[out.size()];
    for (int c = 0; c < out.channels(); c++) {
      for (int oy = 0; oy < out.height(); oy++) {
        for (int ox = 0; ox < out.width(); ox++) {
          double acc = 0;
          for (int ky = 0; ky < kh; ky++) {
            int iy = oy * sh + ky - layer.padding().top();
            for (int kx = 0; kx < kw; kx++) {
              int ix = ox * sw + kx - layer.padding().left();
              if (iy >= 0 && iy < in.height() && ix >= 0 && ix < in.width()) {
                acc += k[ky * kw + kx] * x[(c * in.height() + iy) * in.width() + ix];
              }
            }
          }
          y[(c * out.height() + oy) * out.width() + ox] = (float) acc;
        }
      }
    }
    return y;
  }
}
