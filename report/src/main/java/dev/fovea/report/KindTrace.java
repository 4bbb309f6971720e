package dev.fovea.report;

import dev.fovea.annotations.FixedKernel;
import dev.fovea.processor.model.FixedKernels;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.Shape;
import dev.fovea.processor.op.ChannelPoolingKind;
import dev.fovea.processor.op.DepthwiseKind;
import dev.fovea.processor.op.FixedConv2DKind;
import dev.fovea.processor.op.GaussianPoolingKind;
import dev.fovea.processor.op.LocalResponseNormKind;
import java.util.Arrays;

/**
 * {@link LayerTrace}'s plain forward passes of issue 9's kinds: local response norm, channel, Gaussian and fixed
 * pooling and kernels, depthwise and separable convolutions.
 */
final class KindTrace {
  private KindTrace() {}

  /** The layer's output (before its activation), or null for a kind this class does not know. */
  static float[] forward(LayerPlan layer, float[] params, float[] x) {
    if (layer.spec() instanceof DepthwiseKind.Spec conv) {
      return depthwise(layer, conv, params, x);
    }
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

  /** Channel o = c x M + m reads input channel c; a separable layer then applies its 1x1 weights and the bias. */
  private static float[] depthwise(LayerPlan layer, DepthwiseKind.Spec conv, float[] params, float[] x) {
    Shape in = layer.input();
    Shape out = layer.output();
    int kh = conv.kernelHeight();
    int kw = conv.kernelWidth();
    int depth = in.channels() * conv.multiplier();
    int area = out.area();
    int w0 = layer.params().get(0).offset();
    int b0 = conv.bias() ? layer.params().get(layer.params().size() - 1).offset() : -1;
    float[] mid = new float[depth * area];
    for (int o = 0; o < depth; o++) {
      int c = o / conv.multiplier();
      for (int oy = 0; oy < out.height(); oy++) {
        for (int ox = 0; ox < out.width(); ox++) {
          double acc = !conv.separable() && conv.bias() ? params[b0 + o] : 0;
          for (int ky = 0; ky < kh; ky++) {
            int iy = oy * conv.strideHeight() + ky - layer.padding().top();
            for (int kx = 0; kx < kw; kx++) {
              int ix = ox * conv.strideWidth() + kx - layer.padding().left();
              if (iy >= 0 && iy < in.height() && ix >= 0 && ix < in.width()) {
                acc += params[w0 + (o * kh + ky) * kw + kx] * x[(c * in.height() + iy) * in.width() + ix];
              }
            }
          }
          mid[o * area + oy * out.width() + ox] = (float) acc;
        }
      }
    }
    if (!conv.separable()) {
      return mid;
    }
    int p0 = layer.params().get(1).offset();
    float[] y = new float[out.size()];
    for (int f = 0; f < conv.filters(); f++) {
      for (int i = 0; i < area; i++) {
        double acc = conv.bias() ? params[b0 + f] : 0;
        for (int o = 0; o < depth; o++) {
          acc += params[p0 + f * depth + o] * mid[o * area + i];
        }
        y[f * area + i] = (float) acc;
      }
    }
    return y;
  }
}
