package dev.fovea.processor.op;

import static dev.fovea.processor.Messages.IMAGE_ONLY;
import static dev.fovea.processor.Messages.KERNEL_TOO_LARGE;

import dev.fovea.annotations.Activation;
import dev.fovea.processor.export.SpecReader;
import dev.fovea.processor.export.SpecWriter;
import dev.fovea.processor.model.LayerContext;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.LayerPlan.Padding;
import dev.fovea.processor.model.LayerSpec;
import dev.fovea.processor.model.PaddingSpec;
import dev.fovea.processor.model.ParamPlan;
import dev.fovea.processor.model.Shape;
import dev.fovea.processor.model.ShapeInference;
import dev.fovea.processor.parse.Attributes;
import dev.fovea.processor.write.Backend;
import dev.fovea.processor.write.DepthwiseConvEmitter;
import dev.fovea.processor.write.LayerEmitter;
import dev.fovea.processor.write.Precision;
import dev.fovea.processor.write.Wiring;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code @DepthwiseConv2D} and {@code @SeparableConv2D} (Keras' semantics): kernels per input channel, times a depth
 * multiplier, with Conv2D's strides and padding; the separable kind follows them with a 1x1 convolution to
 * {@code filters} channels. Parameters in PyTorch's layout: a grouped convolution's {@code [C x M, 1, kh, kw]}.
 */
public final class DepthwiseKind implements LayerKind<DepthwiseKind.Spec> {
  static final DepthwiseKind DEPTHWISE = new DepthwiseKind(false);
  static final DepthwiseKind SEPARABLE = new DepthwiseKind(true);

  /**
   * A depthwise or separable convolution as declared.
   *
   * @param filters the pointwise convolution's output channels; 0 for a depthwise convolution, which has none
   */
  public record Spec(String name, int filters, int multiplier, int kernelHeight, int kernelWidth, int strideHeight,
      int strideWidth, PaddingSpec padding, boolean bias, Activation activation) implements LayerSpec {
    @Override
    public String kindName() {
      return separable() ? "SeparableConv2D" : "DepthwiseConv2D";
    }

    public boolean separable() {
      return filters > 0;
    }
  }

  private final boolean separable;

  private DepthwiseKind(boolean separable) {
    this.separable = separable;
  }

  @Override
  public String annotation() {
    return "dev.fovea.annotations." + kindName();
  }

  @Override
  public String kindName() {
    return separable ? "SeparableConv2D" : "DepthwiseConv2D";
  }

  @Override
  public Class<Spec> specType() {
    return Spec.class;
  }

  @Override
  public Optional<Spec> parse(Attributes attributes, String name) {
    Optional<Integer> filters = separable ? attributes.positive("filters") : Optional.of(0);
    Optional<Integer> multiplier = attributes.positive("depthMultiplier");
    Optional<int[]> kernel = attributes.pair("kernel");
    Optional<int[]> strides = attributes.pair("strides");
    Optional<PaddingSpec> padding = attributes.padding();
    if (filters.isEmpty() || multiplier.isEmpty() || kernel.isEmpty() || strides.isEmpty() || padding.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Spec(name, filters.get(), multiplier.get(), kernel.get()[0], kernel.get()[1],
        strides.get()[0], strides.get()[1], padding.get(), attributes.bool("bias"), attributes.activation()));
  }

  @Override
  public LayerPlan infer(Spec conv, LayerContext context) {
    if (!context.imageInput(conv, IMAGE_ONLY)) {
      return null;
    }
    Shape in = context.input();
    int kh = conv.kernelHeight();
    int kw = conv.kernelWidth();
    Padding pad = Conv2DKind.resolve(conv.padding(), in, kh, kw, conv.strideHeight(), conv.strideWidth());
    long tallH = (long) in.height() + pad.top() + pad.bottom();
    long tallW = (long) in.width() + pad.left() + pad.right();
    if (!context.checkSize("the padded input of " + conv.name(), in.channels(), tallH, tallW)) {
      return null;
    }
    if (kh > tallH || kw > tallW) {
      context.error("kernel", String.format(KERNEL_TOO_LARGE, kh, kw, tallH, tallW));
      return null;
    }
    if (!context.stridesFit(conv.strideHeight(), conv.strideWidth(), (int) tallH, (int) tallW)) {
      return null;
    }
    context.warnIfStridesSkip("kernel", kh, kw, conv.strideHeight(), conv.strideWidth());
    int outH = ShapeInference.outputSize(in.height(), pad.top(), pad.bottom(), kh, conv.strideHeight());
    int outW = ShapeInference.outputSize(in.width(), pad.left(), pad.right(), kw, conv.strideWidth());
    long depth = (long) in.channels() * conv.multiplier();
    // The depthwise output (the separable kind's middle buffer) and the output must each fit one array.
    if (!context.checkSize("the depthwise output of " + conv.name(), depth, outH, outW)
        || !context.checkSize("the output of " + conv.name(), separable ? conv.filters() : depth, outH, outW)) {
      return null;
    }
    int taps = kh * kw;
    long count = depth * taps + (separable ? (long) conv.filters() * depth : 0) + (conv.bias() ? separable
        ? conv.filters() : depth : 0);
    if (!context.parametersFit(separable ? "filters" : "depthMultiplier", conv.name(), count)) {
      return null;
    }
    int d = (int) depth;
    List<ParamPlan> params = new ArrayList<>();
    String init = LayerContext.initializer(conv.activation());
    if (separable) {
      params.add(context.param(conv.name() + ".depthwise.weight", List.of(d, 1, kh, kw), taps,
          conv.multiplier() * taps, "glorot_uniform"));
      params.add(context.param(conv.name() + ".pointwise.weight", List.of(conv.filters(), d, 1, 1), d,
          conv.filters(), init));
      if (conv.bias()) {
        params.add(context.param(conv.name() + ".pointwise.bias", List.of(conv.filters()), d, conv.filters(),
            "zeros"));
      }
    } else {
      params.add(context.param(conv.name() + ".weight", List.of(d, 1, kh, kw), taps, conv.multiplier() * taps,
          init));
      if (conv.bias()) {
        params.add(context.param(conv.name() + ".bias", List.of(d), taps, d, "zeros"));
      }
    }
    Shape out = Shape.spatial(separable ? conv.filters() : d, outH, outW);
    long macs = depth * outH * outW * taps + (separable ? (long) out.size() * d : 0);
    return context.windowed(conv, out, pad, Shape.spatial(in.channels(), (int) tallH, (int) tallW), params, macs,
        kh, kw, conv.strideHeight(), conv.strideWidth());
  }

  @Override
  public void write(Spec c, SpecWriter out) {
    if (separable) {
      out.put("filters", c.filters());
    }
    out.put("depthMultiplier", c.multiplier());
    out.put("kernel", c.kernelHeight(), c.kernelWidth());
    out.put("strides", c.strideHeight(), c.strideWidth());
    PaddingSpec p = c.padding();
    if (p.same()) {
      out.put("padding", "SAME");
    } else {
      out.put("padding", p.top(), p.bottom(), p.left(), p.right());
    }
    out.put("bias", c.bias());
  }

  @Override
  public Spec read(SpecReader in, String name, Activation activation) {
    int[] kernel = in.ints("kernel", 2);
    int[] strides = in.ints("strides", 2);
    PaddingSpec padding;
    if ("SAME".equals(in.string("padding"))) {
      padding = PaddingSpec.SAME;
    } else {
      int[] p = in.ints("padding", 4, 0);
      padding = PaddingSpec.explicit(p[0], p[1], p[2], p[3]);
    }
    return new Spec(name, separable ? in.count("filters") : 0, in.count("depthMultiplier"), kernel[0], kernel[1],
        strides[0], strides[1], padding, in.bool("bias"), activation);
  }

  @Override
  public LayerEmitter emitter(LayerPlan layer, Spec spec, Precision precision, Wiring wiring, Backend backend) {
    return new DepthwiseConvEmitter(layer, spec, precision, wiring, backend);
  }
}
