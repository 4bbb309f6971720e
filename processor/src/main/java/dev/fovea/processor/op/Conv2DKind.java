package dev.fovea.processor.op;

import static dev.fovea.processor.Messages.KERNEL_TOO_LARGE;

import dev.fovea.annotations.Activation;
import dev.fovea.processor.export.SpecReader;
import dev.fovea.processor.export.SpecWriter;
import dev.fovea.processor.model.Conv2DSpec;
import dev.fovea.processor.model.LayerContext;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.LayerPlan.Padding;
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
 * {@code @Conv2D}: filters x kernel over every input channel, separate strides, VALID / SAME / explicit padding;
 * output size floor((n + pad - kernel) / stride) + 1; parameters {@code weight [F, C, kh, kw]} and {@code bias [F]}.
 */
final class Conv2DKind implements LayerKind<Conv2DSpec> {

  @Override
  public String annotation() {
    return "dev.fovea.annotations.Conv2D";
  }

  @Override
  public String kindName() {
    return "Conv2D";
  }

  @Override
  public Class<Conv2DSpec> specType() {
    return Conv2DSpec.class;
  }

  @Override
  public Optional<Conv2DSpec> parse(Attributes attributes, String name) {
    Optional<Integer> filters = attributes.positive("filters");
    Optional<int[]> kernel = attributes.pair("kernel");
    Optional<int[]> strides = attributes.pair("strides");
    Optional<PaddingSpec> padding = attributes.padding();
    if (filters.isEmpty() || kernel.isEmpty() || strides.isEmpty() || padding.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Conv2DSpec(name, filters.get(), kernel.get()[0], kernel.get()[1], strides.get()[0],
        strides.get()[1], padding.get(), attributes.bool("bias"), attributes.activation()));
  }

  @Override
  public LayerPlan infer(Conv2DSpec conv, LayerContext context) {
    if (!context.imageInput(conv, "use @Conv1D")) {
      return null;
    }
    Shape in = context.input();
    Padding pad = resolve(conv.padding(), in, conv);
    long tallH = (long) in.height() + pad.top() + pad.bottom();
    long tallW = (long) in.width() + pad.left() + pad.right();
    if (!context.checkSize("the padded input of " + conv.name(), in.channels(), tallH, tallW)) {
      return null;
    }
    int paddedH = (int) tallH;
    int paddedW = (int) tallW;
    if (conv.kernelHeight() > paddedH || conv.kernelWidth() > paddedW) {
      context.error("kernel", String.format(KERNEL_TOO_LARGE,
          conv.kernelHeight(), conv.kernelWidth(), paddedH, paddedW));
      return null;
    }
    if (!context.stridesFit(conv.strideHeight(), conv.strideWidth(), paddedH, paddedW)) {
      return null;
    }
    context.warnIfStridesSkip("kernel", conv.kernelHeight(), conv.kernelWidth(), conv.strideHeight(),
        conv.strideWidth());
    Shape out = context.checkSize("the output of " + conv.name(), Shape.spatial(conv.filters(),
        ShapeInference.outputSize(in.height(), pad.top(), pad.bottom(), conv.kernelHeight(), conv.strideHeight()),
        ShapeInference.outputSize(in.width(), pad.left(), pad.right(), conv.kernelWidth(), conv.strideWidth())));
    Shape padded = context.checkSize("the padded input of " + conv.name(),
        Shape.spatial(in.channels(), paddedH, paddedW));
    if (out == null || padded == null) {
      return null;
    }
    int taps = conv.kernelHeight() * conv.kernelWidth();
    if (!context.parametersFit("filters", conv.name(),
        (long) conv.filters() * in.channels() * taps + conv.filters())) {
      return null;
    }
    List<ParamPlan> params = new ArrayList<>();
    params.add(context.param(conv.name() + ".weight",
        List.of(conv.filters(), in.channels(), conv.kernelHeight(), conv.kernelWidth()),
        in.channels() * taps, conv.filters() * taps, LayerContext.initializer(conv.activation())));
    if (conv.bias()) {
      params.add(context.param(conv.name() + ".bias", List.of(conv.filters()), in.channels() * taps,
          conv.filters(), "zeros"));
    }
    long macs = (long) out.size() * in.channels() * taps;
    return context.windowed(conv, out, pad, padded, params, macs, conv.kernelHeight(), conv.kernelWidth(),
        conv.strideHeight(), conv.strideWidth());
  }

  /** Keras' SAME: output ceil(n / s), total padding split with the extra cell at the bottom and right. */
  private static Padding resolve(PaddingSpec spec, Shape in, Conv2DSpec conv) {
    return resolve(spec, in, conv.kernelHeight(), conv.kernelWidth(), conv.strideHeight(), conv.strideWidth());
  }

  /** Keras' SAME for any kernel kh x kw at strides sh x sw; explicit padding as given. */
  static Padding resolve(PaddingSpec spec, Shape in, int kh, int kw, int sh, int sw) {
    if (!spec.same()) {
      return new Padding(spec.top(), spec.bottom(), spec.left(), spec.right());
    }
    int totalH = sameTotal(in.height(), kh, sh);
    int totalW = sameTotal(in.width(), kw, sw);
    return new Padding(totalH / 2, totalH - totalH / 2, totalW / 2, totalW - totalW / 2);
  }

  /** In long: with strides near Integer.MAX_VALUE the int sums would wrap around. */
  private static int sameTotal(int n, int kernel, int stride) {
    long out = ((long) n + stride - 1) / stride;
    return (int) Math.max((out - 1) * stride + kernel - n, 0);
  }

  @Override
  public void write(Conv2DSpec c, SpecWriter out) {
    out.put("filters", c.filters());
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
  public Conv2DSpec read(SpecReader in, String name, Activation activation) {
    int[] kernel = in.ints("kernel", 2);
    int[] strides = in.ints("strides", 2);
    PaddingSpec padding;
    if ("SAME".equals(in.string("padding"))) {
      padding = PaddingSpec.SAME;
    } else {
      int[] p = in.ints("padding", 4, 0);
      padding = PaddingSpec.explicit(p[0], p[1], p[2], p[3]);
    }
    return new Conv2DSpec(name, in.count("filters"), kernel[0], kernel[1], strides[0], strides[1], padding,
        in.bool("bias"), activation);
  }

  @Override
  public LayerEmitter emitter(LayerPlan layer, Conv2DSpec spec, Precision precision, Wiring wiring,
      Backend backend) {
    return ConvStrategy.choose(layer, backend).emitter(layer, precision, wiring);
  }
}
