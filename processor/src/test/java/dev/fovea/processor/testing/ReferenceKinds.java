package dev.fovea.processor.testing;

import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.Shape;
import dev.fovea.processor.op.ChannelPoolingKind;
import dev.fovea.processor.op.DepthwiseKind;
import dev.fovea.processor.op.FixedConv2DKind;
import dev.fovea.processor.op.GaussianPoolingKind;
import dev.fovea.processor.op.LocalResponseNormKind;
import java.util.Arrays;
import java.util.Optional;

/** {@link ReferenceNetwork}'s textbook forward passes of the catalogue's kinds (issue 9), in double precision. */
final class ReferenceKinds {
  private ReferenceKinds() {}

  /** The layer's output, or empty for a kind this class does not know. */
  static Optional<double[]> forward(LayerPlan layer, double[] params, double[] x) {
    if (layer.spec() instanceof LocalResponseNormKind.Spec lrn) {
      return Optional.of(localResponseNorm(layer, lrn, x));
    }
    if (layer.spec() instanceof ChannelPoolingKind.Spec pool) {
      return Optional.of(channelPool(layer, pool, x));
    }
    if (layer.spec() instanceof GaussianPoolingKind.Spec pool) {
      double[] w = gaussian(pool.windowHeight(), pool.windowWidth(), pool.sigma());
      return Optional.of(depthwise(layer, w, pool.windowHeight(), pool.windowWidth(), pool.strideHeight(),
          pool.strideWidth(), x));
    }
    if (layer.spec() instanceof DepthwiseKind.Spec conv) {
      return Optional.of(depthwiseConv(layer, conv, params, x));
    }
    if (layer.spec() instanceof FixedConv2DKind.Spec fixed) {
      return Optional.of(depthwise(layer, kernel(fixed), fixed.kernelHeight(), fixed.kernelWidth(),
          fixed.strideHeight(), fixed.strideWidth(), x));
    }
    return Optional.empty();
  }

  /** PyTorch's formula: zero-padded channels, sum of squares over the window divided by size, times alpha, plus k. */
  private static double[] localResponseNorm(LayerPlan layer, LocalResponseNormKind.Spec lrn, double[] x) {
    Shape in = layer.input();
    double[] y = new double[x.length];
    for (int c = 0; c < in.channels(); c++) {
      for (int i = 0; i < in.area(); i++) {
        double sum = 0;
        for (int d = c - lrn.size() / 2; d <= c + (lrn.size() - 1) / 2; d++) {
          double v = d < 0 || d >= in.channels() ? 0 : x[d * in.area() + i];
          sum += v * v;
        }
        y[c * in.area() + i] = x[c * in.area() + i] / Math.pow(lrn.k() + lrn.alpha() * sum / lrn.size(), lrn.beta());
      }
    }
    return y;
  }

  private static double[] channelPool(LayerPlan layer, ChannelPoolingKind.Spec pool, double[] x) {
    int area = layer.input().area();
    double[] y = new double[layer.output().size()];
    for (int o = 0; o < layer.output().channels(); o++) {
      for (int i = 0; i < area; i++) {
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (int c = o * pool.strides(); c < o * pool.strides() + pool.window(); c++) {
          max = Math.max(max, x[c * area + i]);
          sum += x[c * area + i];
        }
        y[o * area + i] = pool.max() ? max : sum / pool.window();
      }
    }
    return y;
  }

  /** Weights exp(-d^2 / (2 sigma^2)) by distance d from the window's centre, divided by their sum. */
  static double[] gaussian(int kh, int kw, double sigma) {
    double[] w = new double[kh * kw];
    double sum = 0;
    for (int i = 0; i < w.length; i++) {
      double dy = i / kw - (kh - 1) / 2.0;
      double dx = i % kw - (kw - 1) / 2.0;
      w[i] = Math.exp(-(dy * dy + dx * dx) / (2 * sigma * sigma));
      sum += w[i];
    }
    for (int i = 0; i < w.length; i++) {
      w[i] /= sum;
    }
    return w;
  }

  /** The textbook kernels, as cross-correlation kernels row by row. */
  static double[] kernel(FixedConv2DKind.Spec fixed) {
    int kh = fixed.kernelHeight();
    int kw = fixed.kernelWidth();
    double[] k = new double[kh * kw];
    switch (fixed.kernel()) {
      case SOBEL_X -> k = new double[] {-1, 0, 1, -2, 0, 2, -1, 0, 1};
      case SOBEL_Y -> k = new double[] {-1, -2, -1, 0, 0, 0, 1, 2, 1};
      case BOX -> Arrays.fill(k, 1.0 / (kh * kw));
      case GAUSSIAN -> k = gaussian(kh, kw, fixed.sigma());
      case IDENTITY -> k[kh / 2 * kw + kw / 2] = 1;
      case CONSTANTS -> k = fixed.constants().stream().mapToDouble(Double::doubleValue).toArray();
    }
    return k;
  }

  /** One kh x kw kernel over every channel on its own, at the plan's padding (cells outside are 0). */
  private static double[] depthwise(LayerPlan layer, double[] k, int kh, int kw, int sh, int sw, double[] x) {
    Shape in = layer.input();
    Shape out = layer.output();
    double[] y = new double[out.size()];
    for (int c = 0; c < out.channels(); c++) {
      for (int oy = 0; oy < out.height(); oy++) {
        for (int ox = 0; ox < out.width(); ox++) {
          double acc = 0;
          for (int ky = 0; ky < kh; ky++) {
            for (int kx = 0; kx < kw; kx++) {
              int iy = oy * sh + ky - layer.padding().top();
              int ix = ox * sw + kx - layer.padding().left();
              if (iy >= 0 && iy < in.height() && ix >= 0 && ix < in.width()) {
                acc += k[ky * kw + kx] * x[(c * in.height() + iy) * in.width() + ix];
              }
            }
          }
          y[(c * out.height() + oy) * out.width() + ox] = acc;
        }
      }
    }
    return y;
  }

  /**
   * Output channel o = c x M + m of a depthwise convolution reads input channel c through its own kernel
   * (PyTorch's groups = C); a separable one then sums those channels per filter with 1x1 weights and adds the bias.
   */
  private static double[] depthwiseConv(LayerPlan layer, DepthwiseKind.Spec conv, double[] params, double[] x) {
    Shape in = layer.input();
    Shape out = layer.output();
    int kh = conv.kernelHeight();
    int kw = conv.kernelWidth();
    int depth = in.channels() * conv.multiplier();
    int area = out.area();
    int w0 = layer.params().get(0).offset();
    int b0 = conv.bias() ? layer.params().get(layer.params().size() - 1).offset() : -1;
    double[] mid = new double[depth * area];
    for (int o = 0; o < depth; o++) {
      int c = o / conv.multiplier();
      for (int oy = 0; oy < out.height(); oy++) {
        for (int ox = 0; ox < out.width(); ox++) {
          double acc = !conv.separable() && conv.bias() ? params[b0 + o] : 0;
          for (int ky = 0; ky < kh; ky++) {
            for (int kx = 0; kx < kw; kx++) {
              int iy = oy * conv.strideHeight() + ky - layer.padding().top();
              int ix = ox * conv.strideWidth() + kx - layer.padding().left();
              if (iy >= 0 && iy < in.height() && ix >= 0 && ix < in.width()) {
                acc += params[w0 + (o * kh + ky) * kw + kx] * x[(c * in.height() + iy) * in.width() + ix];
              }
            }
          }
          mid[o * area + oy * out.width() + ox] = acc;
        }
      }
    }
    if (!conv.separable()) {
      return mid;
    }
    int p0 = layer.params().get(1).offset();
    double[] y = new double[out.size()];
    for (int f = 0; f < conv.filters(); f++) {
      for (int i = 0; i < area; i++) {
        double acc = conv.bias() ? params[b0 + f] : 0;
        for (int o = 0; o < depth; o++) {
          acc += params[p0 + f * depth + o] * mid[o * area + i];
        }
        y[f * area + i] = acc;
      }
    }
    return y;
  }
}
