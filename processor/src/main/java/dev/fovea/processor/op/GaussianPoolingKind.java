package dev.fovea.processor.op;

import static dev.fovea.processor.Messages.FIXED_TOO_LARGE;
import static dev.fovea.processor.Messages.IMAGE_ONLY;
import static dev.fovea.processor.Messages.SIGMA;
import static dev.fovea.processor.Messages.WINDOW_TOO_LARGE;

import dev.fovea.annotations.Activation;
import dev.fovea.processor.export.SpecReader;
import dev.fovea.processor.export.SpecWriter;
import dev.fovea.processor.model.FixedKernels;
import dev.fovea.processor.model.LayerContext;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.LayerPlan.Padding;
import dev.fovea.processor.model.LayerSpec;
import dev.fovea.processor.model.Shape;
import dev.fovea.processor.model.ShapeInference;
import dev.fovea.processor.parse.Attributes;
import dev.fovea.processor.write.Backend;
import dev.fovea.processor.write.GaussianPoolEmitter;
import dev.fovea.processor.write.LayerEmitter;
import dev.fovea.processor.write.Precision;
import dev.fovea.processor.write.Wiring;
import java.util.List;
import java.util.Optional;

/**
 * {@code @GaussianPool2D}: a weighted average over each window of each channel, the weights a Gaussian of the
 * distance from the window's centre normalised to sum 1; strides default to the window, no padding, no parameters.
 */
public final class GaussianPoolingKind implements LayerKind<GaussianPoolingKind.Spec> {

  /** Gaussian pooling as declared. */
  public record Spec(String name, int windowHeight, int windowWidth, int strideHeight, int strideWidth,
      double sigma) implements LayerSpec {
    @Override
    public Activation activation() {
      return Activation.LINEAR;
    }

    @Override
    public String kindName() {
      return "GaussianPool2D";
    }

    @Override
    public long fixedWeights() {
      return (long) windowHeight * windowWidth;
    }

    /** The window's weights row by row, summing to 1. */
    public double[] weights() {
      return FixedKernels.gaussian(windowHeight, windowWidth, sigma);
    }
  }

  @Override
  public String annotation() {
    return "dev.fovea.annotations.GaussianPool2D";
  }

  @Override
  public String kindName() {
    return "GaussianPool2D";
  }

  @Override
  public Class<Spec> specType() {
    return Spec.class;
  }

  @Override
  public Optional<Spec> parse(Attributes attributes, String name) {
    Optional<int[]> window = attributes.pair("value");
    Optional<int[]> strides = attributes.isEmptyArray("strides") ? window : attributes.pair("strides");
    Optional<Double> sigma = attributes.finite("sigma");
    if (window.isEmpty() || strides.isEmpty() || sigma.isEmpty()) {
      return Optional.empty();
    }
    int[] w = window.get();
    if ((long) w[0] * w[1] > FixedKernels.MAX_WEIGHTS) {
      attributes.error("value", String.format(FIXED_TOO_LARGE, "window", w[0], w[1], (long) w[0] * w[1],
          FixedKernels.MAX_WEIGHTS));
      return Optional.empty();
    }
    if (!(sigma.get() > 0)) {
      attributes.error("sigma", String.format(SIGMA, sigma.get()));
      return Optional.empty();
    }
    return Optional.of(new Spec(name, w[0], w[1], strides.get()[0], strides.get()[1], sigma.get()));
  }

  @Override
  public LayerPlan infer(Spec pool, LayerContext context) {
    if (!context.imageInput(pool, IMAGE_ONLY)) {
      return null;
    }
    Shape in = context.input();
    if (pool.windowHeight() > in.height() || pool.windowWidth() > in.width()) {
      context.error("value", String.format(WINDOW_TOO_LARGE, pool.windowHeight(), pool.windowWidth(),
          in.height(), in.width()));
      return null;
    }
    if (!context.stridesFit(pool.strideHeight(), pool.strideWidth(), in.height(), in.width())) {
      return null;
    }
    context.warnIfStridesSkip("window", pool.windowHeight(), pool.windowWidth(), pool.strideHeight(),
        pool.strideWidth());
    Shape out = Shape.spatial(in.channels(),
        ShapeInference.outputSize(in.height(), 0, 0, pool.windowHeight(), pool.strideHeight()),
        ShapeInference.outputSize(in.width(), 0, 0, pool.windowWidth(), pool.strideWidth()));
    return context.windowed(pool, out, Padding.NONE, in, List.of(),
        (long) out.size() * pool.windowHeight() * pool.windowWidth(), pool.windowHeight(), pool.windowWidth(),
        pool.strideHeight(), pool.strideWidth());
  }

  @Override
  public void write(Spec p, SpecWriter out) {
    out.put("window", p.windowHeight(), p.windowWidth());
    out.put("strides", p.strideHeight(), p.strideWidth());
    out.putNumbers("sigma", p.sigma());
  }

  @Override
  public Spec read(SpecReader in, String name, Activation activation) {
    int[] window = in.ints("window", 2);
    int[] strides = in.ints("strides", 2);
    double sigma = in.number("sigma");
    if (!(sigma > 0)) {
      throw new IllegalArgumentException("key '" + in.prefixForMessages() + "sigma': " + String.format(SIGMA, sigma));
    }
    if ((long) window[0] * window[1] > FixedKernels.MAX_WEIGHTS) {
      throw new IllegalArgumentException("key '" + in.prefixForMessages() + "window': " + String.format(
          FIXED_TOO_LARGE, "window", window[0], window[1], (long) window[0] * window[1], FixedKernels.MAX_WEIGHTS));
    }
    return new Spec(name, window[0], window[1], strides[0], strides[1], sigma);
  }

  @Override
  public LayerEmitter emitter(LayerPlan layer, Spec spec, Precision precision, Wiring wiring, Backend backend) {
    return new GaussianPoolEmitter(layer, spec, precision, wiring);
  }
}
