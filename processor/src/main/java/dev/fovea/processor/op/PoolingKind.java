package dev.fovea.processor.op;

import static dev.fovea.processor.Messages.POOL_PADDING;
import static dev.fovea.processor.Messages.WINDOW_TOO_LARGE;

import dev.fovea.annotations.Activation;
import dev.fovea.processor.export.SpecReader;
import dev.fovea.processor.export.SpecWriter;
import dev.fovea.processor.model.LayerContext;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.LayerPlan.Padding;
import dev.fovea.processor.model.Pool2DSpec;
import dev.fovea.processor.model.Pool2DSpec.PoolKind;
import dev.fovea.processor.model.Shape;
import dev.fovea.processor.parse.Attributes;
import dev.fovea.processor.write.Backend;
import dev.fovea.processor.write.LayerEmitter;
import dev.fovea.processor.write.PaddedPoolEmitter;
import dev.fovea.processor.write.Precision;
import dev.fovea.processor.write.PoolEmitter;
import dev.fovea.processor.write.Wiring;
import java.util.List;
import java.util.Optional;

/**
 * {@code @MaxPool2D} and {@code @AvgPool2D}: a window over each channel, strides defaulting to the window, no
 * padding and no parameters.
 */
final class PoolingKind implements LayerKind<Pool2DSpec> {
  static final PoolingKind MAX = new PoolingKind(PoolKind.MAX, "dev.fovea.annotations.MaxPool2D", "MaxPool2D");
  static final PoolingKind AVERAGE =
      new PoolingKind(PoolKind.AVERAGE, "dev.fovea.annotations.AvgPool2D", "AvgPool2D");

  private final PoolKind reduction;
  private final String annotation;
  private final String kindName;

  private PoolingKind(PoolKind reduction, String annotation, String kindName) {
    this.reduction = reduction;
    this.annotation = annotation;
    this.kindName = kindName;
  }

  @Override
  public String annotation() {
    return annotation;
  }

  @Override
  public String kindName() {
    return kindName;
  }

  @Override
  public Class<Pool2DSpec> specType() {
    return Pool2DSpec.class;
  }

  @Override
  public Optional<Pool2DSpec> parse(Attributes attributes, String name) {
    Optional<int[]> window = attributes.pair("value");
    Optional<int[]> strides = attributes.isEmptyArray("strides") ? window : attributes.pair("strides");
    Optional<int[]> padding = attributes.nonNegativePair("padding");
    if (window.isEmpty() || strides.isEmpty() || padding.isEmpty()) {
      return Optional.empty();
    }
    int[] w = window.get();
    int[] p = padding.get();
    if (2 * p[0] > w[0] || 2 * p[1] > w[1]) {
      attributes.error("padding", String.format(POOL_PADDING, p[0], p[1], w[0], w[1]));
      return Optional.empty();
    }
    return Optional.of(new Pool2DSpec(name, reduction, w[0], w[1], strides.get()[0], strides.get()[1], p[0], p[1],
        attributes.bool("ceil")));
  }

  @Override
  public LayerPlan infer(Pool2DSpec pool, LayerContext context) {
    if (!context.imageInput(pool, "use @" + pool.kindName().replace("2D", "1D"))) {
      return null;
    }
    Shape in = context.input();
    long tallH = in.height() + 2L * pool.padHeight();
    long tallW = in.width() + 2L * pool.padWidth();
    if (!context.checkSize("the padded input of " + pool.name(), in.channels(), tallH, tallW)) {
      return null;
    }
    int paddedH = (int) tallH;
    int paddedW = (int) tallW;
    if (pool.windowHeight() > paddedH || pool.windowWidth() > paddedW) {
      context.error("value", String.format(WINDOW_TOO_LARGE,
          pool.windowHeight(), pool.windowWidth(), paddedH, paddedW));
      return null;
    }
    if (!context.stridesFit(pool.strideHeight(), pool.strideWidth(), paddedH, paddedW)) {
      return null;
    }
    context.warnIfStridesSkip("window", pool.windowHeight(), pool.windowWidth(), pool.strideHeight(),
        pool.strideWidth());
    Shape out = Shape.spatial(in.channels(),
        outputSize(in.height(), pool.padHeight(), pool.windowHeight(), pool.strideHeight(), pool.ceil()),
        outputSize(in.width(), pool.padWidth(), pool.windowWidth(), pool.strideWidth(), pool.ceil()));
    return context.windowed(pool, out, Padding.NONE, in, List.of(), 0, pool.windowHeight(), pool.windowWidth(),
        pool.strideHeight(), pool.strideWidth());
  }

  /**
   * PyTorch's output size: floor (or ceil) of (n + 2 pad - window) / stride, plus one; in ceil mode a last window
   * that would start in the right padding is dropped.
   */
  static int outputSize(int n, int pad, int window, int stride, boolean ceil) {
    // In long: the padded size and the stride may each be near Integer.MAX_VALUE.
    long span = (long) n + 2L * pad - window;
    long out = (ceil ? Math.floorDiv(span + stride - 1, stride) : Math.floorDiv(span, stride)) + 1;
    if (ceil && (out - 1) * stride >= (long) n + pad) {
      out--;
    }
    return (int) out;
  }

  @Override
  public void write(Pool2DSpec p, SpecWriter out) {
    out.put("window", p.windowHeight(), p.windowWidth());
    out.put("strides", p.strideHeight(), p.strideWidth());
    if (p.reachesOutside()) {
      out.put("padding", p.padHeight(), p.padWidth());
      out.put("ceil", p.ceil());
    }
  }

  @Override
  public Pool2DSpec read(SpecReader in, String name, Activation activation) {
    int[] window = in.ints("window", 2);
    int[] strides = in.ints("strides", 2);
    int[] padding = in.has("padding") ? in.ints("padding", 2, 0) : new int[2];
    boolean ceil = in.has("ceil") && in.bool("ceil");
    if (2 * padding[0] > window[0] || 2 * padding[1] > window[1]) {
      throw new IllegalArgumentException("key '" + in.prefixForMessages() + "padding' is more than half the window");
    }
    return new Pool2DSpec(name, reduction, window[0], window[1], strides[0], strides[1], padding[0], padding[1],
        ceil);
  }

  @Override
  public LayerEmitter emitter(LayerPlan layer, Pool2DSpec spec, Precision precision, Wiring wiring,
      Backend backend) {
    return spec.reachesOutside()
        ? new PaddedPoolEmitter(layer, precision, wiring)
        : new PoolEmitter(layer, precision, wiring, backend);
  }
}
