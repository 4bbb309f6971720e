package dev.fovea.processor.testing;

import dev.fovea.processor.model.Conv2DSpec;
import dev.fovea.processor.model.DenseSpec;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.NetworkPlan;
import dev.fovea.processor.model.Pool2DSpec;
import dev.fovea.processor.model.Pool2DSpec.PoolKind;
import dev.fovea.processor.model.NetworkSpec;
import dev.fovea.processor.model.Shape;
import dev.fovea.processor.op.ActivateKind;
import dev.fovea.processor.op.BatchNormKind;
import dev.fovea.processor.op.AddKind;
import dev.fovea.processor.op.ConcatKind;
import dev.fovea.processor.op.DropoutKind;
import dev.fovea.processor.op.GlobalPoolingKind;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The plain reference: textbook loops in double precision with bounds checks instead of padded buffers,
 * written independently of the emitter, to check generated forward numerics.
 */
public final class ReferenceNetwork {
  private ReferenceNetwork() {}

  public static double[] forward(NetworkPlan plan, double[] params, double[] input) {
    Map<String, double[]> outputs = new HashMap<>();
    outputs.put(NetworkSpec.INPUT, input.clone());
    double[] x = null;
    for (LayerPlan layer : plan.layers()) {
      List<double[]> in = layer.sources().stream().map(s -> outputs.get(s.name())).toList();
      if (layer.spec() instanceof Conv2DSpec conv) {
        x = conv(layer, conv, params, in.get(0));
      } else if (layer.spec() instanceof Pool2DSpec pool) {
        x = pool(layer, pool, in.get(0));
      } else if (layer.spec() instanceof DenseSpec dense) {
        x = dense(layer, dense, params, in.get(0));
      } else if (layer.spec() instanceof GlobalPoolingKind.Spec global) {
        x = globalPool(layer, global.max(), in.get(0));
      } else if (layer.spec() instanceof BatchNormKind.Spec bn) {
        x = batchNorm(layer, bn, params, in.get(0));
      } else if (layer.spec() instanceof ActivateKind.Spec || layer.spec() instanceof DropoutKind.Spec) {
        x = in.get(0).clone();
      } else if (layer.spec() instanceof AddKind.Spec) {
        x = new double[layer.output().size()];
        for (double[] addend : in) {
          for (int i = 0; i < x.length; i++) {
            x[i] += addend[i];
          }
        }
      } else if (layer.spec() instanceof ConcatKind.Spec) {
        x = in.stream().flatMapToDouble(Arrays::stream).toArray();
      } else {
        throw new IllegalArgumentException("no reference for " + layer.spec().kindName());
      }
      activate(layer, x);
      outputs.put(layer.name(), x);
    }
    return x;
  }

  private static double[] conv(LayerPlan layer, Conv2DSpec conv, double[] params, double[] x) {
    Shape in = layer.input();
    Shape out = layer.output();
    int w0 = layer.weight().orElseThrow().offset();
    double[] y = new double[out.size()];
    for (int co = 0; co < out.channels(); co++) {
      for (int oy = 0; oy < out.height(); oy++) {
        for (int ox = 0; ox < out.width(); ox++) {
          double acc = layer.bias().isPresent() ? params[layer.bias().get().offset() + co] : 0;
          for (int ci = 0; ci < in.channels(); ci++) {
            for (int ky = 0; ky < conv.kernelHeight(); ky++) {
              for (int kx = 0; kx < conv.kernelWidth(); kx++) {
                int iy = oy * conv.strideHeight() + ky - layer.padding().top();
                int ix = ox * conv.strideWidth() + kx - layer.padding().left();
                if (iy < 0 || iy >= in.height() || ix < 0 || ix >= in.width()) {
                  continue;
                }
                double w = params[w0 + ((co * in.channels() + ci) * conv.kernelHeight() + ky) * conv.kernelWidth() + kx];
                acc += w * x[(ci * in.height() + iy) * in.width() + ix];
              }
            }
          }
          y[(co * out.height() + oy) * out.width() + ox] = acc;
        }
      }
    }
    return y;
  }

  /**
   * PyTorch's pooling: the window at (oy * stride - pad, ox * stride - pad), cells outside the input skipped; an
   * average divides by the part of the window inside the padded input (count_include_pad=True).
   */
  private static double[] pool(LayerPlan layer, Pool2DSpec pool, double[] x) {
    Shape in = layer.input();
    Shape out = layer.output();
    double[] y = new double[out.size()];
    for (int c = 0; c < out.channels(); c++) {
      for (int oy = 0; oy < out.height(); oy++) {
        for (int ox = 0; ox < out.width(); ox++) {
          double max = Double.NEGATIVE_INFINITY;
          double sum = 0;
          int counted = 0;
          for (int ky = 0; ky < pool.windowHeight(); ky++) {
            for (int kx = 0; kx < pool.windowWidth(); kx++) {
              int iy = oy * pool.strideHeight() - pool.padHeight() + ky;
              int ix = ox * pool.strideWidth() - pool.padWidth() + kx;
              if (iy < in.height() + pool.padHeight() && ix < in.width() + pool.padWidth()) {
                counted++;
              }
              if (iy < 0 || ix < 0 || iy >= in.height() || ix >= in.width()) {
                continue;
              }
              double v = x[(c * in.height() + iy) * in.width() + ix];
              max = Math.max(max, v);
              sum += v;
            }
          }
          y[(c * out.height() + oy) * out.width() + ox] = pool.kind() == PoolKind.MAX ? max : sum / counted;
        }
      }
    }
    return y;
  }

  private static double[] globalPool(LayerPlan layer, boolean max, double[] x) {
    Shape in = layer.input();
    double[] y = new double[in.channels()];
    for (int c = 0; c < in.channels(); c++) {
      double best = Double.NEGATIVE_INFINITY;
      double sum = 0;
      for (int i = 0; i < in.area(); i++) {
        best = Math.max(best, x[c * in.area() + i]);
        sum += x[c * in.area() + i];
      }
      y[c] = max ? best : sum / in.area();
    }
    return y;
  }

  private static double[] dense(LayerPlan layer, DenseSpec dense, double[] params, double[] x) {
    int w0 = layer.weight().orElseThrow().offset();
    double[] y = new double[dense.units()];
    for (int o = 0; o < dense.units(); o++) {
      double acc = layer.bias().isPresent() ? params[layer.bias().get().offset() + o] : 0;
      for (int i = 0; i < x.length; i++) {
        acc += params[w0 + o * x.length + i] * x[i];
      }
      y[o] = acc;
    }
    return y;
  }

  /** Evaluation mode: (x - running_mean) / sqrt(running_var + eps) * weight + bias, per channel. */
  private static double[] batchNorm(LayerPlan layer, BatchNormKind.Spec bn, double[] params, double[] x) {
    int channels = layer.input().channels();
    int area = layer.input().area();
    int weight = layer.params().get(0).offset();
    int bias = layer.params().get(1).offset();
    int mean = layer.params().get(2).offset();
    int variance = layer.params().get(3).offset();
    double[] y = new double[x.length];
    for (int c = 0; c < channels; c++) {
      for (int i = 0; i < area; i++) {
        double normalized = (x[c * area + i] - params[mean + c]) / Math.sqrt(params[variance + c] + bn.eps());
        y[c * area + i] = normalized * params[weight + c] + params[bias + c];
      }
    }
    return y;
  }

  private static void activate(LayerPlan layer, double[] x) {
    for (int i = 0; i < x.length; i++) {
      x[i] = switch (layer.spec().activation()) {
        case RELU -> Math.max(0, x[i]);
        case SIGMOID -> 1 / (1 + Math.exp(-x[i]));
        case TANH -> Math.tanh(x[i]);
        case LINEAR, SOFTMAX -> x[i];
      };
    }
  }
}
