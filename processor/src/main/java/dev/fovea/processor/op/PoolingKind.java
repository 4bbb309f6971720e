package dev.fovea.processor.op;

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
import dev.fovea.processor.model.ShapeInference;
import dev.fovea.processor.parse.Attributes;
import dev.fovea.processor.write.Backend;
import dev.fovea.processor.write.LayerEmitter;
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
    if (window.isEmpty() || strides.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Pool2DSpec(name, reduction, window.get()[0], window.get()[1], strides.get()[0],
        strides.get()[1]));
  }

  @Override
  public LayerPlan infer(Pool2DSpec pool, LayerContext context) {
    if (!context.spatialInput(pool)) {
      return null;
    }
    Shape in = context.input();
    if (pool.windowHeight() > in.height() || pool.windowWidth() > in.width()) {
      context.error("value", String.format(WINDOW_TOO_LARGE,
          pool.windowHeight(), pool.windowWidth(), in.height(), in.width()));
      return null;
    }
    context.warnIfStridesSkip("window", pool.windowHeight(), pool.windowWidth(), pool.strideHeight(),
        pool.strideWidth());
    Shape out = Shape.spatial(in.channels(),
        ShapeInference.outputSize(in.height(), 0, 0, pool.windowHeight(), pool.strideHeight()),
        ShapeInference.outputSize(in.width(), 0, 0, pool.windowWidth(), pool.strideWidth()));
    return context.windowed(pool, out, Padding.NONE, in, List.of(), 0, pool.windowHeight(), pool.windowWidth(),
        pool.strideHeight(), pool.strideWidth());
  }

  @Override
  public void write(Pool2DSpec p, SpecWriter out) {
    out.put("window", p.windowHeight(), p.windowWidth());
    out.put("strides", p.strideHeight(), p.strideWidth());
  }

  @Override
  public Pool2DSpec read(SpecReader in, String name, Activation activation) {
    int[] window = in.ints("window", 2);
    int[] strides = in.ints("strides", 2);
    return new Pool2DSpec(name, reduction, window[0], window[1], strides[0], strides[1]);
  }

  @Override
  public LayerEmitter emitter(LayerPlan layer, Pool2DSpec spec, Precision precision, Wiring wiring,
      Backend backend) {
    return new PoolEmitter(layer, precision, wiring);
  }
}
