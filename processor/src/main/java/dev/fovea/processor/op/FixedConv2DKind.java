package dev.fovea.processor.op;

import static dev.fovea.processor.Messages.FIXED_KERNEL_TOO_LARGE;
import static dev.fovea.processor.Messages.FIXED_TOO_LARGE;
import static dev.fovea.processor.Messages.IDENTITY_EVEN;
import static dev.fovea.processor.Messages.IMAGE_ONLY;
import static dev.fovea.processor.Messages.SIGMA;
import static dev.fovea.processor.Messages.SOBEL_SIZE;
import static dev.fovea.processor.Messages.WEIGHTS_COUNT;
import static dev.fovea.processor.Messages.WEIGHTS_UNUSED;

import dev.fovea.annotations.Activation;
import dev.fovea.annotations.FixedKernel;
import dev.fovea.processor.export.SpecReader;
import dev.fovea.processor.export.SpecWriter;
import dev.fovea.processor.model.FixedKernels;
import dev.fovea.processor.model.LayerContext;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.LayerPlan.Padding;
import dev.fovea.processor.model.LayerSpec;
import dev.fovea.processor.model.PaddingSpec;
import dev.fovea.processor.model.Shape;
import dev.fovea.processor.model.ShapeInference;
import dev.fovea.processor.parse.Attributes;
import dev.fovea.processor.write.Backend;
import dev.fovea.processor.write.FixedConvEmitter;
import dev.fovea.processor.write.LayerEmitter;
import dev.fovea.processor.write.Precision;
import dev.fovea.processor.write.Wiring;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code @FixedConv2D}: one fixed kh x kw kernel applied to every channel on its own, with Conv2D's strides and
 * padding; channels in = channels out, no parameters (the weights are constants of the generated code).
 */
public final class FixedConv2DKind implements LayerKind<FixedConv2DKind.Spec> {

  /**
   * A fixed convolution as declared.
   *
   * @param sigma the Gaussian's standard deviation, 0 for every other kernel
   * @param constants the weights of CONSTANTS row by row, empty for every other kernel
   */
  public record Spec(String name, FixedKernel kernel, int kernelHeight, int kernelWidth, double sigma,
      List<Double> constants, int strideHeight, int strideWidth, PaddingSpec padding) implements LayerSpec {
    public Spec {
      constants = List.copyOf(constants);
    }

    @Override
    public Activation activation() {
      return Activation.LINEAR;
    }

    @Override
    public String kindName() {
      return "FixedConv2D";
    }

    @Override
    public long fixedWeights() {
      return (long) kernelHeight * kernelWidth;
    }

    /** The weights row by row; not for BOX (see {@link FixedKernels#boxWeight}). */
    public double[] weights() {
      return FixedKernels.of(kernel, kernelHeight, kernelWidth, sigma, constants);
    }
  }

  @Override
  public String annotation() {
    return "dev.fovea.annotations.FixedConv2D";
  }

  @Override
  public String kindName() {
    return "FixedConv2D";
  }

  @Override
  public Class<Spec> specType() {
    return Spec.class;
  }

  @Override
  public Optional<Spec> parse(Attributes attributes, String name) {
    String constant = attributes.constant("value");
    Optional<int[]> size = attributes.pair("size");
    Optional<int[]> strides = attributes.pair("strides");
    Optional<PaddingSpec> padding = attributes.padding();
    Optional<Double> sigma = attributes.finite("sigma");
    Optional<List<Double>> weights = attributes.finiteList("weights");
    if (constant.isEmpty() || size.isEmpty() || strides.isEmpty() || padding.isEmpty() || sigma.isEmpty()
        || weights.isEmpty()) {
      return Optional.empty();
    }
    FixedKernel kernel = FixedKernel.valueOf(constant);
    int[] k = size.get();
    Mistake mistake = mistake(kernel, k[0], k[1], sigma.get(), weights.get().size());
    if (mistake != null) {
      attributes.error(mistake.attribute(), mistake.message());
      return Optional.empty();
    }
    return Optional.of(new Spec(name, kernel, k[0], k[1], kernel == FixedKernel.GAUSSIAN ? sigma.get() : 0,
        weights.get(), strides.get()[0], strides.get()[1], padding.get()));
  }

  /** A message and the attribute it is about. */
  private record Mistake(String attribute, String message) {}

  /** The first thing wrong with a kernel's size, sigma or weights, or null. */
  private static Mistake mistake(FixedKernel kernel, int kh, int kw, double sigma, int weights) {
    boolean sobel = kernel == FixedKernel.SOBEL_X || kernel == FixedKernel.SOBEL_Y;
    if (sobel && (kh != 3 || kw != 3)) {
      return new Mistake("size", String.format(SOBEL_SIZE, kernel, kh, kw));
    }
    if (kernel == FixedKernel.IDENTITY && (kh % 2 == 0 || kw % 2 == 0)) {
      return new Mistake("size", String.format(IDENTITY_EVEN, kh, kw));
    }
    if (kernel != FixedKernel.BOX && (long) kh * kw > FixedKernels.MAX_WEIGHTS) {
      return new Mistake("size",
          String.format(FIXED_TOO_LARGE, kernel, kh, kw, (long) kh * kw, FixedKernels.MAX_WEIGHTS));
    }
    if (kernel == FixedKernel.GAUSSIAN && !(sigma > 0)) {
      return new Mistake("sigma", String.format(SIGMA, sigma));
    }
    if (kernel != FixedKernel.CONSTANTS && weights > 0) {
      return new Mistake("weights", String.format(WEIGHTS_UNUSED, kernel));
    }
    if (kernel == FixedKernel.CONSTANTS && weights != kh * kw) {
      return new Mistake("weights", String.format(WEIGHTS_COUNT, kh * kw, weights));
    }
    return null;
  }

  @Override
  public LayerPlan infer(Spec spec, LayerContext context) {
    if (!context.imageInput(spec, IMAGE_ONLY)) {
      return null;
    }
    Shape in = context.input();
    int kh = spec.kernelHeight();
    int kw = spec.kernelWidth();
    Padding pad = Conv2DKind.resolve(spec.padding(), in, kh, kw, spec.strideHeight(), spec.strideWidth());
    long tallH = (long) in.height() + pad.top() + pad.bottom();
    long tallW = (long) in.width() + pad.left() + pad.right();
    if (!context.checkSize("the padded input of " + spec.name(), in.channels(), tallH, tallW)) {
      return null;
    }
    if (kh > tallH || kw > tallW) {
      context.error("size", String.format(FIXED_KERNEL_TOO_LARGE, kh, kw, tallH, tallW));
      return null;
    }
    if (!context.stridesFit(spec.strideHeight(), spec.strideWidth(), (int) tallH, (int) tallW)) {
      return null;
    }
    context.warnIfStridesSkip("kernel", kh, kw, spec.strideHeight(), spec.strideWidth());
    Shape out = Shape.spatial(in.channels(),
        ShapeInference.outputSize(in.height(), pad.top(), pad.bottom(), kh, spec.strideHeight()),
        ShapeInference.outputSize(in.width(), pad.left(), pad.right(), kw, spec.strideWidth()));
    return context.windowed(spec, out, pad, Shape.spatial(in.channels(), (int) tallH, (int) tallW), List.of(),
        (long) out.size() * kh * kw, kh, kw, spec.strideHeight(), spec.strideWidth());
  }

  @Override
  public void write(Spec spec, SpecWriter out) {
    out.put("kernel", spec.kernel().name());
    out.put("size", spec.kernelHeight(), spec.kernelWidth());
    out.put("strides", spec.strideHeight(), spec.strideWidth());
    PaddingSpec p = spec.padding();
    if (p.same()) {
      out.put("padding", "SAME");
    } else {
      out.put("padding", p.top(), p.bottom(), p.left(), p.right());
    }
    if (spec.kernel() == FixedKernel.GAUSSIAN) {
      out.putNumbers("sigma", spec.sigma());
    }
    if (spec.kernel() == FixedKernel.CONSTANTS) {
      out.putNumbers("weights", spec.constants().stream().mapToDouble(Double::doubleValue).toArray());
    }
  }

  @Override
  public Spec read(SpecReader in, String name, Activation activation) {
    FixedKernel kernel;
    try {
      kernel = FixedKernel.valueOf(in.string("kernel"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key '" + in.prefixForMessages() + "kernel' has unknown kernel '"
          + in.string("kernel") + "'");
    }
    int[] size = in.ints("size", 2);
    int[] strides = in.ints("strides", 2);
    PaddingSpec padding;
    if ("SAME".equals(in.string("padding"))) {
      padding = PaddingSpec.SAME;
    } else {
      int[] p = in.ints("padding", 4, 0);
      padding = PaddingSpec.explicit(p[0], p[1], p[2], p[3]);
    }
    double sigma = kernel == FixedKernel.GAUSSIAN ? in.number("sigma") : 0;
    List<Double> weights = kernel == FixedKernel.CONSTANTS
        ? Arrays.stream(in.numbers("weights", -1)).boxed().toList() : List.of();
    Mistake mistake = mistake(kernel, size[0], size[1], sigma, weights.size());
    if (mistake != null) {
      throw new IllegalArgumentException("key '" + in.prefixForMessages() + mistake.attribute() + "': "
          + mistake.message());
    }
    return new Spec(name, kernel, size[0], size[1], sigma, weights, strides[0], strides[1], padding);
  }

  @Override
  public LayerEmitter emitter(LayerPlan layer, Spec spec, Precision precision, Wiring wiring, Backend backend) {
    return new FixedConvEmitter(layer, spec, precision, wiring);
  }
}
