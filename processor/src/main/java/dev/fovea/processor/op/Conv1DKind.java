package dev.fovea.processor.op;

import static dev.fovea.processor.Messages.KERNEL_TOO_LONG;
import static dev.fovea.processor.Messages.PADDING_LENGTH_1D;
import static dev.fovea.processor.Messages.PADDING_NEGATIVE;
import static dev.fovea.processor.Messages.STRIDES_BEYOND_SEQUENCE;
import static dev.fovea.processor.Messages.STRIDE_SKIPS_SEQUENCE;

import dev.fovea.annotations.Activation;
import dev.fovea.annotations.Padding;
import dev.fovea.processor.export.SpecReader;
import dev.fovea.processor.export.SpecWriter;
import dev.fovea.processor.model.Conv2DSpec;
import dev.fovea.processor.model.LayerContext;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.PaddingSpec;
import dev.fovea.processor.model.ParamPlan;
import dev.fovea.processor.model.Shape;
import dev.fovea.processor.model.ShapeInference;
import dev.fovea.processor.parse.Attributes;
import dev.fovea.processor.write.Backend;
import dev.fovea.processor.write.ConvStrategy;
import dev.fovea.processor.write.LayerEmitter;
import dev.fovea.processor.write.Precision;
import dev.fovea.processor.write.Wiring;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code @Conv1D}: filters x kernel over every channel of a sequence, VALID / SAME / {left, right} padding; output
 * length floor((n + pad - kernel) / stride) + 1; parameters {@code weight [F, C, k]} and {@code bias [F]}, as
 * PyTorch's {@code nn.Conv1d}. Planned as a convolution of height 1, so the 2-D emitters write its code.
 */
final class Conv1DKind implements LayerKind<Conv2DSpec> {

  @Override
  public String annotation() {
    return "dev.fovea.annotations.Conv1D";
  }

  @Override
  public String kindName() {
    return "Conv1D";
  }

  @Override
  public Class<Conv2DSpec> specType() {
    return Conv2DSpec.class;
  }

  @Override
  public Optional<Conv2DSpec> parse(Attributes attributes, String name) {
    Optional<Integer> filters = attributes.positive("filters");
    Optional<Integer> kernel = attributes.positive("kernel");
    Optional<Integer> strides = attributes.positive("strides");
    Optional<PaddingSpec> padding = padding(attributes);
    if (filters.isEmpty() || kernel.isEmpty() || strides.isEmpty() || padding.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Conv2DSpec.sequence(name, filters.get(), kernel.get(), strides.get(), padding.get(),
        attributes.bool("bias"), attributes.activation()));
  }

  /** SAME, or one or two non-negative amounts: both ends, or {left, right}. */
  private static Optional<PaddingSpec> padding(Attributes attributes) {
    Optional<List<Integer>> list = attributes.ints("padding");
    if (list.isEmpty()) {
      return Optional.empty();
    }
    List<Integer> v = list.get();
    if (v.size() == 1 && v.get(0) == Padding.SAME) {
      return Optional.of(PaddingSpec.SAME);
    }
    if (v.size() != 1 && v.size() != 2) {
      attributes.error("padding", String.format(PADDING_LENGTH_1D, v.size()));
      return Optional.empty();
    }
    for (int x : v) {
      if (x < 0) {
        attributes.error("padding", String.format(PADDING_NEGATIVE, x));
        return Optional.empty();
      }
    }
    return Optional.of(PaddingSpec.explicit(0, 0, v.get(0), v.get(v.size() - 1)));
  }

  @Override
  public LayerPlan infer(Conv2DSpec conv, LayerContext context) {
    if (!context.sequenceInput(conv, "@Conv2D")) {
      return null;
    }
    Shape in = context.input();
    LayerPlan.Padding pad = Conv2DKind.resolve(conv.padding(), in, 1, conv.kernelWidth(), 1, conv.strideWidth());
    long tall = (long) in.width() + pad.left() + pad.right();
    if (!context.checkSize("the padded input of " + conv.name(), in.channels(), 1, tall)) {
      return null;
    }
    int padded = (int) tall;
    if (conv.kernelWidth() > padded) {
      context.error("kernel", String.format(KERNEL_TOO_LONG, conv.kernelWidth(), padded));
      return null;
    }
    if (conv.strideWidth() > padded) {
      context.error("strides", String.format(STRIDES_BEYOND_SEQUENCE, conv.strideWidth(), padded));
      return null;
    }
    if (conv.strideWidth() > conv.kernelWidth() && conv.kernelWidth() > 1) {
      context.warning("strides", String.format(STRIDE_SKIPS_SEQUENCE, conv.strideWidth(), "kernel",
          conv.kernelWidth(), "kernel"));
    }
    Shape out = context.checkSize("the output of " + conv.name(), Shape.sequence(conv.filters(),
        ShapeInference.outputSize(in.width(), pad.left(), pad.right(), conv.kernelWidth(), conv.strideWidth())));
    if (out == null) {
      return null;
    }
    int taps = conv.kernelWidth();
    if (!context.parametersFit("filters", conv.name(), (long) conv.filters() * in.channels() * taps
        + conv.filters())) {
      return null;
    }
    List<ParamPlan> params = new ArrayList<>();
    params.add(context.param(conv.name() + ".weight", List.of(conv.filters(), in.channels(), taps),
        in.channels() * taps, conv.filters() * taps, LayerContext.initializer(conv.activation())));
    if (conv.bias()) {
      params.add(context.param(conv.name() + ".bias", List.of(conv.filters()), in.channels() * taps,
          conv.filters(), "zeros"));
    }
    long macs = (long) out.size() * in.channels() * taps;
    return context.windowed(conv, out, pad, Shape.sequence(in.channels(), padded), params, macs, 1, taps, 1,
        conv.strideWidth());
  }

  @Override
  public void write(Conv2DSpec c, SpecWriter out) {
    out.put("filters", c.filters());
    out.put("kernel", c.kernelWidth());
    out.put("strides", c.strideWidth());
    if (c.padding().same()) {
      out.put("padding", "SAME");
    } else {
      out.put("padding", c.padding().left(), c.padding().right());
    }
    out.put("bias", c.bias());
  }

  @Override
  public Conv2DSpec read(SpecReader in, String name, Activation activation) {
    PaddingSpec padding;
    if ("SAME".equals(in.string("padding"))) {
      padding = PaddingSpec.SAME;
    } else {
      int[] p = in.ints("padding", 2, 0);
      padding = PaddingSpec.explicit(0, 0, p[0], p[1]);
    }
    return Conv2DSpec.sequence(name, in.count("filters"), in.count("kernel"), in.count("strides"), padding,
        in.bool("bias"), activation);
  }

  @Override
  public LayerEmitter emitter(LayerPlan layer, Conv2DSpec spec, Precision precision, Wiring wiring,
      Backend backend) {
    return ConvStrategy.choose(layer, backend).emitter(layer, precision, wiring);
  }
}
