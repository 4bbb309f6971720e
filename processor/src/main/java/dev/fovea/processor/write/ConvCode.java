package dev.fovea.processor.write;

import static dev.fovea.processor.write.Index.times;

import com.palantir.javapoet.CodeBlock;
import dev.fovea.processor.model.Conv2DSpec;
import dev.fovea.processor.model.LayerPlan;
import java.util.function.BiFunction;

/** Code pieces every Conv2D emitter writes the same way: the shape comment, weight indexes, row copies. */
final class ConvCode {
  private ConvCode() {}

  /** The Javadoc of a convolution's methods; {@code extra} ends it (e.g. the buffer layout), or is empty. */
  static String describe(LayerPlan layer, String extra) {
    Conv2DSpec conv = (Conv2DSpec) layer.spec();
    var pad = layer.padding();
    return LayerEmitter.describe(layer) + "; kernel " + conv.kernelHeight() + "x" + conv.kernelWidth()
        + ", strides " + conv.strideHeight() + "x" + conv.strideWidth() + ", padding top " + pad.top()
        + " bottom " + pad.bottom() + " left " + pad.left() + " right " + pad.right() + ", " + conv.activation()
        + (conv.bias() ? "" : ", no bias") + extra + ".\n";
  }

  /** The index of weight [co][ci][ky][kx] in the parameters, for channel variables named co and ci. */
  static String weightIndex(LayerPlan layer, String co, String ci, int ky, int kx) {
    Conv2DSpec conv = (Conv2DSpec) layer.spec();
    int taps = conv.kernelHeight() * conv.kernelWidth();
    return Index.at(layer.weight().orElseThrow(), ky * conv.kernelWidth() + kx,
        times(co, layer.input().channels() * taps), times(ci, taps));
  }

  /** Where input row y of channel c (a loop variable, or "" for channel 0) starts in the zero-padded input. */
  static String paddedRow(LayerPlan layer, String c, String y) {
    return PaddedLayout.plain(layer).inputRow(c, y);
  }

  /** Inside a loop over co: the bias gradient, the sum of output channel co's dLoss/dZ, when there is a bias. */
  static void addBiasGradient(CodeBlock.Builder code, LayerPlan layer, Precision p, String grad) {
    layer.bias().ifPresent(b -> {
      int area = layer.output().area();
      code.addStatement("$T sum = 0", p.type());
      Loops.counted(code, "i", area);
      code.addStatement("sum += $L[co * $L + i]", grad, area);
      code.endControlFlow();
      code.addStatement("grads[$L] += sum", Index.at(b, 0, "co"));
    });
  }

  /**
   * Copies {@code width} values per row for every channel c and row y, between two index expressions of the
   * channel variable (which is "" when there is one channel, and no loop over it).
   */
  static CodeBlock rows(int channels, int height, String from, BiFunction<String, String, String> fromIndex,
      String to, BiFunction<String, String, String> toIndex, int width) {
    CodeBlock.Builder code = CodeBlock.builder();
    Loops loops = new Loops(code);
    String c = loops.open("c", channels);
    String y = loops.open("y", height);
    code.addStatement("$T.arraycopy($L, $L, $L, $L, $L)", System.class, from, fromIndex.apply(c, y), to,
        toIndex.apply(c, y), width);
    loops.close(2);
    return code.build();
  }

  /**
   * Adds {@code width} values per row for every channel c and row y, as {@link #rows} copies them: the last step of
   * an input gradient, which adds to what other readers of the input left there.
   */
  static CodeBlock addRows(int channels, int height, String from, BiFunction<String, String, String> fromIndex,
      String to, BiFunction<String, String, String> toIndex, int width) {
    CodeBlock.Builder code = CodeBlock.builder();
    Loops loops = new Loops(code);
    String c = loops.open("c", channels);
    String y = loops.open("y", height);
    code.add(addRow(from, fromIndex.apply(c, y), to, toIndex.apply(c, y), width));
    loops.close(2);
    return code.build();
  }

  /** {@code to[toIndex + x] += from[fromIndex + x]} for x below width. */
  static CodeBlock addRow(String from, String fromIndex, String to, String toIndex, int width) {
    return CodeBlock.builder()
        .addStatement("final int from = $L", fromIndex)
        .addStatement("final int to = $L", toIndex)
        .beginControlFlow("for (int x = 0; x < $L; x++)", width)
        .addStatement("$L[to + x] += $L[from + x]", to, from)
        .endControlFlow()
        .build();
  }
}
