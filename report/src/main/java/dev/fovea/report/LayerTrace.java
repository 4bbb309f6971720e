package dev.fovea.report;

import dev.fovea.processor.export.SpecFile;
import dev.fovea.processor.model.Conv2DSpec;
import dev.fovea.processor.model.DenseSpec;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.NetworkPlan;
import dev.fovea.processor.model.NetworkSpec;
import dev.fovea.processor.model.Pool2DSpec;
import dev.fovea.processor.model.Pool2DSpec.PoolKind;
import dev.fovea.processor.model.Problem;
import dev.fovea.processor.model.Shape;
import dev.fovea.processor.model.ShapeInference;
import dev.fovea.processor.op.ActivateKind;
import dev.fovea.processor.op.BatchNormKind;
import dev.fovea.processor.op.AddKind;
import dev.fovea.processor.op.ConcatKind;
import dev.fovea.processor.op.DropoutKind;
import dev.fovea.processor.op.GlobalPoolingKind;
import dev.fovea.runtime.Model;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A network's layers as the processor planned them, and a plain forward pass that keeps every layer's output.
 *
 * <p>The generated classes keep their activations private (and are being reshaped for speed), so the report
 * recomputes them from the declaration the processor leaves beside the classes and the model's parameters:
 * textbook loops, run once for one image.
 */
final class LayerTrace {
  /** The message when the processor's layer description is missing; tests reference it. */
  static final String NO_SPEC = "no layer description %s for %s: compile the network with fovea-processor on the "
      + "annotationProcessorPaths";

  private LayerTrace() {}

  /** One layer's output for one image, C x H x W, after its activation. */
  record Output(LayerPlan layer, float[] values) {}

  /** The plan of {@code model}'s network, rebuilt from the spec its processor wrote and checked against it. */
  static NetworkPlan plan(Model model) {
    Class<?> type = model.generatedClass();
    String name = type.getName();
    // The Vector API sibling (LeNet5NetVector) shares the portable class's spec.
    String portable = model.backend().equals("vector") && name.endsWith("Vector")
        ? name.substring(0, name.length() - "Vector".length()) : name;
    String resource = SpecFile.resourceName(portable);
    String text;
    try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException(String.format(NO_SPEC, resource, model.name()));
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e);
    }
    ShapeInference.Result result = ShapeInference.infer(SpecFile.read(text));
    if (!result.ok() || result.plan().parameterCount() != model.parameterCount()) {
      String problems = result.problems().stream().filter(p -> !p.warning()).map(Problem::message)
          .collect(Collectors.joining("; "));
      throw new IllegalArgumentException(resource + " does not describe " + model.name() + " as compiled ("
          + (problems.isEmpty() ? "parameter counts differ" : problems) + "): recompile the project");
    }
    return result.plan();
  }

  /**
   * Runs {@code image} (C x H x W from {@code offset}) through the layers, each reading the outputs of the layers
   * it names (blocks and shortcuts included), keeping every output. It stops at a layer kind it does not know:
   * the outputs before it are still right.
   */
  static List<Output> forward(NetworkPlan plan, float[] params, float[] image, int offset) {
    Map<String, float[]> byName = new HashMap<>();
    byName.put(NetworkSpec.INPUT, Arrays.copyOfRange(image, offset, offset + plan.input().size()));
    List<Output> outputs = new ArrayList<>();
    for (LayerPlan layer : plan.layers()) {
      List<float[]> in = layer.sources().stream().map(source -> byName.get(source.name())).toList();
      float[] x;
      if (layer.spec() instanceof Conv2DSpec conv) {
        x = conv(layer, conv, params, in.get(0));
      } else if (layer.spec() instanceof Pool2DSpec pool) {
        x = pool(layer, pool, in.get(0));
      } else if (layer.spec() instanceof DenseSpec dense) {
        x = dense(layer, dense, params, in.get(0));
      } else if (layer.spec() instanceof GlobalPoolingKind.Spec global) {
        x = globalPool(layer, global.max(), in.get(0));
      } else if (layer.spec() instanceof ActivateKind.Spec || layer.spec() instanceof DropoutKind.Spec) {
        x = in.get(0).clone();
      } else if (layer.spec() instanceof BatchNormKind.Spec bn) {
        x = batchNorm(layer, bn, params, in.get(0));
      } else if (layer.spec() instanceof AddKind.Spec) {
        x = new float[layer.output().size()];
        for (float[] addend : in) {
          for (int i = 0; i < x.length; i++) {
            x[i] += addend[i];
          }
        }
      } else if (layer.spec() instanceof ConcatKind.Spec) {
        x = new float[layer.output().size()];   // channels one after another: C x H x W planes in order
        int at = 0;
        for (float[] part : in) {
          System.arraycopy(part, 0, x, at, part.length);
          at += part.length;
        }
      } else {
        break;
      }
      activate(layer, x);
      byName.put(layer.name(), x);
      outputs.add(new Output(layer, x));
    }
    return outputs;
  }

  /** Evaluation mode, as the exported classifier runs it: the running statistics. */
  private static float[] batchNorm(LayerPlan layer, BatchNormKind.Spec bn, float[] params, float[] x) {
    int channels = layer.input().channels();
    int area = layer.input().area();
    int[] at = layer.params().stream().mapToInt(p -> p.offset()).toArray(); // weight, bias, mean, var, count
    float[] y = new float[x.length];
    for (int c = 0; c < channels; c++) {
      double scale = params[at[0] + c] / Math.sqrt(params[at[3] + c] + bn.eps());
      for (int i = 0; i < area; i++) {
        y[c * area + i] = (float) ((x[c * area + i] - params[at[2] + c]) * scale + params[at[1] + c]);
      }
    }
    return y;
  }

  private static float[] globalPool(LayerPlan layer, boolean max, float[] x) {
    Shape in = layer.input();
    float[] y = new float[in.channels()];
    for (int c = 0; c < in.channels(); c++) {
      double sum = 0;
      float best = Float.NEGATIVE_INFINITY;
      for (int i = 0; i < in.area(); i++) {
        float v = x[c * in.area() + i];
        sum += v;
        best = Math.max(best, v);
      }
      y[c] = max ? best : (float) (sum / in.area());
    }
    return y;
  }

  private static float[] conv(LayerPlan layer, Conv2DSpec conv, float[] params, float[] x) {
    Shape in = layer.input();
    Shape out = layer.output();
    int w0 = layer.weight().orElseThrow().offset();
    int kh = conv.kernelHeight();
    int kw = conv.kernelWidth();
    float[] y = new float[out.size()];
    for (int co = 0; co < out.channels(); co++) {
      float bias = layer.bias().isPresent() ? params[layer.bias().get().offset() + co] : 0;
      for (int oy = 0; oy < out.height(); oy++) {
        for (int ox = 0; ox < out.width(); ox++) {
          double acc = bias;
          for (int ci = 0; ci < in.channels(); ci++) {
            for (int ky = 0; ky < kh; ky++) {
              int iy = oy * conv.strideHeight() + ky - layer.padding().top();
              for (int kx = 0; kx < kw; kx++) {
                int ix = ox * conv.strideWidth() + kx - layer.padding().left();
                if (iy >= 0 && iy < in.height() && ix >= 0 && ix < in.width()) {
                  acc += params[w0 + ((co * in.channels() + ci) * kh + ky) * kw + kx]
                      * x[(ci * in.height() + iy) * in.width() + ix];
                }
              }
            }
          }
          y[(co * out.height() + oy) * out.width() + ox] = (float) acc;
        }
      }
    }
    return y;
  }

  private static float[] pool(LayerPlan layer, Pool2DSpec pool, float[] x) {
    Shape in = layer.input();
    Shape out = layer.output();
    float[] y = new float[out.size()];
    for (int c = 0; c < out.channels(); c++) {
      for (int oy = 0; oy < out.height(); oy++) {
        for (int ox = 0; ox < out.width(); ox++) {
          float max = Float.NEGATIVE_INFINITY;
          double sum = 0;
          for (int ky = 0; ky < pool.windowHeight(); ky++) {
            for (int kx = 0; kx < pool.windowWidth(); kx++) {
              int iy = oy * pool.strideHeight() + ky;
              float v = x[(c * in.height() + iy) * in.width() + ox * pool.strideWidth() + kx];
              max = Math.max(max, v);
              sum += v;
            }
          }
          y[(c * out.height() + oy) * out.width() + ox] =
              pool.kind() == PoolKind.MAX ? max : (float) (sum / (pool.windowHeight() * pool.windowWidth()));
        }
      }
    }
    return y;
  }

  private static float[] dense(LayerPlan layer, DenseSpec dense, float[] params, float[] x) {
    int w0 = layer.weight().orElseThrow().offset();
    float[] y = new float[dense.units()];
    for (int o = 0; o < dense.units(); o++) {
      double acc = layer.bias().isPresent() ? params[layer.bias().get().offset() + o] : 0;
      for (int i = 0; i < x.length; i++) {
        acc += params[w0 + o * x.length + i] * x[i];
      }
      y[o] = (float) acc;
    }
    return y;
  }

  private static void activate(LayerPlan layer, float[] x) {
    for (int i = 0; i < x.length; i++) {
      x[i] = switch (layer.spec().activation()) {
        case RELU -> Math.max(0, x[i]);
        case SIGMOID -> (float) (1 / (1 + Math.exp(-x[i])));
        case TANH -> (float) Math.tanh(x[i]);
        // The report shows logits for the last layer, as Model.forward returns them.
        case LINEAR, SOFTMAX -> x[i];
      };
    }
  }
}
