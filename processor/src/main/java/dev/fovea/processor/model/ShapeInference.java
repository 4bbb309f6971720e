package dev.fovea.processor.model;

import static dev.fovea.processor.Messages.KERNEL_TOO_LARGE;
import static dev.fovea.processor.Messages.LABEL_COUNT;
import static dev.fovea.processor.Messages.SOFTMAX_NOT_LAST;
import static dev.fovea.processor.Messages.SPATIAL_AFTER_DENSE;
import static dev.fovea.processor.Messages.STRIDE_SKIPS_INPUT;
import static dev.fovea.processor.Messages.TOO_LARGE;
import static dev.fovea.processor.Messages.WINDOW_TOO_LARGE;

import dev.fovea.annotations.Activation;
import dev.fovea.processor.model.LayerPlan.Padding;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks the layers in order, computing each output shape with floor((n + 2p - f) / s) + 1, resolving
 * SAME padding, laying out parameters and costs, and collecting every problem rather than the first.
 */
public final class ShapeInference {

  /** The outcome: a plan when there were no errors, and every problem found (warnings included). */
  public record Result(NetworkPlan plan, List<Problem> problems) {
    public boolean ok() {
      return plan != null;
    }
  }

  /** The longest Java array HotSpot allocates. */
  public static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  private final List<Problem> problems = new ArrayList<>();
  private final List<LayerPlan> layers = new ArrayList<>();
  private long offset;
  private String lastDense;

  private ShapeInference() {}

  public static Result infer(NetworkSpec spec) {
    return new ShapeInference().run(spec);
  }

  /** Output length along one axis; callers have checked that the window fits. */
  public static int outputSize(int n, int padBefore, int padAfter, int window, int stride) {
    return Math.floorDiv(n + padBefore + padAfter - window, stride) + 1;
  }

  private Result run(NetworkSpec spec) {
    Shape shape = checkSize(-1, "the input", spec.input());
    int receptiveH = 1;
    int receptiveW = 1;
    int jumpH = 1;
    int jumpW = 1;
    List<LayerSpec> specs = spec.layers();
    boolean failed = shape == null;
    for (int i = 0; i < specs.size(); i++) {
      LayerSpec layer = specs.get(i);
      if (layer.activation() == Activation.SOFTMAX && i != specs.size() - 1) {
        problems.add(Problem.error(i, "activation", SOFTMAX_NOT_LAST));
      }
      if (shape == null) {
        // An earlier layer's shape failed: keep checking what needs no shape; a Dense restarts from its units.
        if (layer instanceof DenseSpec dense) {
          lastDense = dense.name();
          shape = Shape.vector(dense.units());
        }
        continue;
      }
      LayerPlan plan = layer(i, layer, shape, spec.input(), receptiveH, receptiveW, jumpH, jumpW);
      if (plan == null) {
        failed = true;
        shape = null;
        continue;
      }
      layers.add(plan);
      shape = plan.output();
      receptiveH = plan.receptiveHeight();
      receptiveW = plan.receptiveWidth();
      jumpH = plan.jumpHeight();
      jumpW = plan.jumpWidth();
    }
    if (shape != null && !spec.labels().isEmpty() && spec.labels().size() != shape.size()) {
      problems.add(Problem.error(-1, "labels", String.format(LABEL_COUNT, spec.labels().size(), shape.size())));
    }
    failed |= problems.stream().anyMatch(p -> !p.warning());
    return new Result(failed ? null : new NetworkPlan(spec, layers, (int) offset), List.copyOf(problems));
  }

  private LayerPlan layer(int i, LayerSpec layer, Shape in, Shape networkInput, int rh, int rw, int jh, int jw) {
    if (layer instanceof Conv2DSpec conv) {
      return conv(i, conv, in, rh, rw, jh, jw);
    }
    if (layer instanceof Pool2DSpec pool) {
      return pool(i, pool, in, rh, rw, jh, jw);
    }
    if (layer instanceof DenseSpec dense) {
      return dense(i, dense, in, networkInput);
    }
    throw new IllegalStateException("unknown layer kind " + layer);
  }

  /** The shape, or null after reporting that its values would not fit in one Java array. */
  private Shape checkSize(int i, String what, Shape shape) {
    long size = (long) shape.channels() * shape.height() * shape.width();
    if (size > MAX_ARRAY) {
      problems.add(Problem.error(i, "", String.format(TOO_LARGE, what, size, MAX_ARRAY)));
      return null;
    }
    return shape;
  }

  /** Whether all parameters so far plus this layer's still fit in one flat array; reports when not. */
  private boolean parametersFit(int i, String attribute, String name, long layerParameters) {
    long total = offset + layerParameters;
    if (total > MAX_ARRAY) {
      problems.add(Problem.error(i, attribute, String.format(TOO_LARGE, "the parameters up to " + name, total,
          MAX_ARRAY)));
      return false;
    }
    return true;
  }

  private static String initializer(Activation activation) {
    return activation == Activation.RELU ? "he_uniform" : "glorot_uniform";
  }

  private LayerPlan conv(int i, Conv2DSpec conv, Shape in, int rh, int rw, int jh, int jw) {
    if (!spatialInput(i, conv, in)) {
      return null;
    }
    Padding pad = resolve(conv.padding(), in, conv);
    int paddedH = in.height() + pad.top() + pad.bottom();
    int paddedW = in.width() + pad.left() + pad.right();
    if (conv.kernelHeight() > paddedH || conv.kernelWidth() > paddedW) {
      problems.add(Problem.error(i, "kernel", String.format(KERNEL_TOO_LARGE,
          conv.kernelHeight(), conv.kernelWidth(), paddedH, paddedW)));
      return null;
    }
    warnIfStridesSkip(i, "kernel", conv.kernelHeight(), conv.kernelWidth(), conv.strideHeight(), conv.strideWidth());
    Shape out = checkSize(i, "the output of " + conv.name(), Shape.spatial(conv.filters(),
        outputSize(in.height(), pad.top(), pad.bottom(), conv.kernelHeight(), conv.strideHeight()),
        outputSize(in.width(), pad.left(), pad.right(), conv.kernelWidth(), conv.strideWidth())));
    Shape padded = checkSize(i, "the padded input of " + conv.name(), Shape.spatial(in.channels(), paddedH, paddedW));
    if (out == null || padded == null) {
      return null;
    }
    int taps = conv.kernelHeight() * conv.kernelWidth();
    if (!parametersFit(i, "filters", conv.name(), (long) conv.filters() * in.channels() * taps + conv.filters())) {
      return null;
    }
    List<ParamPlan> params = new ArrayList<>();
    String init = initializer(conv.activation());
    params.add(param(conv.name() + ".weight",
        List.of(conv.filters(), in.channels(), conv.kernelHeight(), conv.kernelWidth()),
        in.channels() * taps, conv.filters() * taps, init));
    if (conv.bias()) {
      params.add(param(conv.name() + ".bias", List.of(conv.filters()), in.channels() * taps, conv.filters(), "zeros"));
    }
    long macs = (long) out.size() * in.channels() * taps;
    return new LayerPlan(i, conv, in, out, pad, padded, params, macs,
        rh + (conv.kernelHeight() - 1) * jh, rw + (conv.kernelWidth() - 1) * jw,
        jh * conv.strideHeight(), jw * conv.strideWidth());
  }

  private LayerPlan pool(int i, Pool2DSpec pool, Shape in, int rh, int rw, int jh, int jw) {
    if (!spatialInput(i, pool, in)) {
      return null;
    }
    if (pool.windowHeight() > in.height() || pool.windowWidth() > in.width()) {
      problems.add(Problem.error(i, "value", String.format(WINDOW_TOO_LARGE,
          pool.windowHeight(), pool.windowWidth(), in.height(), in.width())));
      return null;
    }
    warnIfStridesSkip(i, "window", pool.windowHeight(), pool.windowWidth(), pool.strideHeight(), pool.strideWidth());
    Shape out = Shape.spatial(in.channels(),
        outputSize(in.height(), 0, 0, pool.windowHeight(), pool.strideHeight()),
        outputSize(in.width(), 0, 0, pool.windowWidth(), pool.strideWidth()));
    return new LayerPlan(i, pool, in, out, Padding.NONE, in, List.of(), 0,
        rh + (pool.windowHeight() - 1) * jh, rw + (pool.windowWidth() - 1) * jw,
        jh * pool.strideHeight(), jw * pool.strideWidth());
  }

  private LayerPlan dense(int i, DenseSpec dense, Shape in, Shape networkInput) {
    lastDense = dense.name();
    int fanIn = in.size();
    String init = initializer(dense.activation());
    if (!parametersFit(i, "units", dense.name(), (long) fanIn * dense.units() + dense.units())) {
      return null;
    }
    List<ParamPlan> params = new ArrayList<>();
    params.add(param(dense.name() + ".weight", List.of(dense.units(), fanIn), fanIn, dense.units(), init));
    if (dense.bias()) {
      params.add(param(dense.name() + ".bias", List.of(dense.units()), fanIn, dense.units(), "zeros"));
    }
    // Every unit sees the whole input, so the receptive field is the whole image.
    return new LayerPlan(i, dense, in, Shape.vector(dense.units()), Padding.NONE, in, params,
        (long) fanIn * dense.units(), networkInput.height(), networkInput.width(), 0, 0);
  }

  private boolean spatialInput(int i, LayerSpec layer, Shape in) {
    if (in.flat()) {
      problems.add(Problem.error(i, "", String.format(SPATIAL_AFTER_DENSE, layer.kindName(), lastDense)));
      return false;
    }
    return true;
  }

  /** Keras' SAME: output ceil(n / s), total padding split with the extra cell at the bottom and right. */
  private static Padding resolve(PaddingSpec spec, Shape in, Conv2DSpec conv) {
    if (!spec.same()) {
      return new Padding(spec.top(), spec.bottom(), spec.left(), spec.right());
    }
    int totalH = sameTotal(in.height(), conv.kernelHeight(), conv.strideHeight());
    int totalW = sameTotal(in.width(), conv.kernelWidth(), conv.strideWidth());
    return new Padding(totalH / 2, totalH - totalH / 2, totalW / 2, totalW - totalW / 2);
  }

  private static int sameTotal(int n, int kernel, int stride) {
    int out = (n + stride - 1) / stride;
    return Math.max((out - 1) * stride + kernel - n, 0);
  }

  private void warnIfStridesSkip(int i, String what, int kh, int kw, int sh, int sw) {
    if (sh > kh || sw > kw) {
      problems.add(Problem.warning(i, "strides", String.format(STRIDE_SKIPS_INPUT, sh, sw, what, kh, kw, what)));
    }
  }

  private ParamPlan param(String name, List<Integer> shape, int fanIn, int fanOut, String init) {
    // Callers have checked that the offset fits in an int.
    ParamPlan plan = new ParamPlan(name, shape, (int) offset, fanIn, fanOut, init);
    offset += plan.length();
    return plan;
  }
}
