package dev.fovea.processor.op;

import static dev.fovea.processor.Messages.POOL_PADDING_1D;
import static dev.fovea.processor.Messages.POOL_PADDING_NEGATIVE;
import static dev.fovea.processor.Messages.POOL_STRIDES_1D;
import static dev.fovea.processor.Messages.STRIDES_BEYOND_SEQUENCE;
import static dev.fovea.processor.Messages.STRIDE_SKIPS_SEQUENCE;
import static dev.fovea.processor.Messages.WINDOW_TOO_LONG;

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
import dev.fovea.processor.write.PoolEmitter;
import dev.fovea.processor.write.Precision;
import dev.fovea.processor.write.Wiring;
import java.util.List;
import java.util.Optional;

/**
 * {@code @MaxPool1D} and {@code @AvgPool1D}: a window over each channel of a sequence, strides defaulting to the
 * window, PyTorch's padding and ceil mode, no parameters. Planned as pooling of height 1, so the 2-D pooling
 * emitters write its code.
 */
final class Pooling1DKind implements LayerKind<Pool2DSpec> {
  static final Pooling1DKind MAX = new Pooling1DKind(PoolKind.MAX);
  static final Pooling1DKind AVERAGE = new Pooling1DKind(PoolKind.AVERAGE);

  private final PoolKind reduction;

  private Pooling1DKind(PoolKind reduction) {
    this.reduction = reduction;
  }

  @Override
  public String annotation() {
    return "dev.fovea.annotations." + kindName();
  }

  @Override
  public String kindName() {
    return Pool2DSpec.sequence("", reduction, 1, 1, 0, false).kindName();
  }

  @Override
  public Class<Pool2DSpec> specType() {
    return Pool2DSpec.class;
  }

  @Override
  public Optional<Pool2DSpec> parse(Attributes attributes, String name) {
    Optional<Integer> window = attributes.positive("value");
    Optional<Integer> strides = attributes.nonNegative("strides", POOL_STRIDES_1D);
    Optional<Integer> padding = attributes.nonNegative("padding", POOL_PADDING_NEGATIVE);
    if (window.isEmpty() || strides.isEmpty() || padding.isEmpty()) {
      return Optional.empty();
    }
    if (2 * padding.get() > window.get()) {
      attributes.error("padding", String.format(POOL_PADDING_1D, padding.get(), window.get()));
      return Optional.empty();
    }
    int step = strides.get() == 0 ? window.get() : strides.get();
    return Optional.of(Pool2DSpec.sequence(name, reduction, window.get(), step, padding.get(),
        attributes.bool("ceil")));
  }

  @Override
  public LayerPlan infer(Pool2DSpec pool, LayerContext context) {
    String twin = reduction == PoolKind.MAX ? "@MaxPool2D" : "@AvgPool2D";
    if (!context.sequenceInput(pool, twin)) {
      return null;
    }
    Shape in = context.input();
    long tall = in.width() + 2L * pool.padWidth();
    if (!context.checkSize("the padded input of " + pool.name(), in.channels(), 1, tall)) {
      return null;
    }
    int padded = (int) tall;
    if (pool.windowWidth() > padded) {
      context.error("value", String.format(WINDOW_TOO_LONG, pool.windowWidth(), padded));
      return null;
    }
    if (pool.strideWidth() > padded) {
      context.error("strides", String.format(STRIDES_BEYOND_SEQUENCE, pool.strideWidth(), padded));
      return null;
    }
    if (pool.strideWidth() > pool.windowWidth() && pool.windowWidth() > 1) {
      context.warning("strides", String.format(STRIDE_SKIPS_SEQUENCE, pool.strideWidth(), "window",
          pool.windowWidth(), "window"));
    }
    Shape out = Shape.sequence(in.channels(), PoolingKind.outputSize(in.width(), pool.padWidth(),
        pool.windowWidth(), pool.strideWidth(), pool.ceil()));
    return context.windowed(pool, out, Padding.NONE, in, List.of(), 0, 1, pool.windowWidth(), 1,
        pool.strideWidth());
  }

  @Override
  public void write(Pool2DSpec p, SpecWriter out) {
    out.put("window", p.windowWidth());
    out.put("strides", p.strideWidth());
    if (p.reachesOutside()) {
      out.put("padding", p.padWidth());
      out.put("ceil", p.ceil());
    }
  }

  @Override
  public Pool2DSpec read(SpecReader in, String name, Activation activation) {
    int window = in.count("window");
    int padding = in.has("padding") ? in.ints("padding", 1, 0)[0] : 0;
    if (2 * padding > window) {
      throw new IllegalArgumentException("key '" + in.prefixForMessages() + "padding' is more than half the window");
    }
    return Pool2DSpec.sequence(name, reduction, window, in.count("strides"), padding,
        in.has("ceil") && in.bool("ceil"));
  }

  @Override
  public LayerEmitter emitter(LayerPlan layer, Pool2DSpec spec, Precision precision, Wiring wiring,
      Backend backend) {
    return spec.reachesOutside()
        ? new PaddedPoolEmitter(layer, precision, wiring)
        : new PoolEmitter(layer, precision, wiring, backend);
  }
}
