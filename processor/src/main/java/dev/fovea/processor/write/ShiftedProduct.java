package dev.fovea.processor.write;

import static dev.fovea.processor.write.Index.sum;
import static dev.fovea.processor.write.Index.times;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeName;
import dev.fovea.processor.model.Conv2DSpec;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.ShapeInference;
import java.util.stream.IntStream;
import javax.lang.model.element.Modifier;

/**
 * The forward product of a stride-1 convolution read straight from its padded input, without columns. With the
 * padded rows laid out W values apart, W a whole number of vectors, output cell (oy, ox) under tap (c, ky, kx)
 * reads padded cell c * H * W + (oy + ky) * W + ox + kx: the tap's start plus oy * W + ox. So the product runs
 * over oh rows of W cells, Z[co][oy * W + ox] = bias[co] + sum over taps of W[co][k] * padded[start(k) + oy * W +
 * ox], its vectors read from the padded input where im2col would have copied them; the W - ow cells past each
 * row's end compute values nobody reads. It pays where those are few: W1.c1 reads 25 taps of 28 x 32 cells, 12.5 %
 * more products than its 28 x 28, and drops a 78 KB copy; ResNet-18's 28 x 28 layers lose 7 MB of columns (thread
 * CPU per forward 1,718 -> 1,369 us). The sums are those of the columns' product, term by term: the same bits.
 */
final class ShiftedProduct {
  /** At most one cell in this many of a row is past the output's width, computed for nothing. */
  static final int WASTE = 8;

  private ShiftedProduct() {}

  /** Whether a layer's forward takes this form: strides 1, few wasted cells, and arrays that fit. */
  static boolean suits(LayerPlan layer) {
    Conv2DSpec conv = (Conv2DSpec) layer.spec();
    int width = width(layer);
    long padded = (long) layer.padded().channels() * (layer.padded().height() * width + VectorCode.ALIGN)
        + VectorCode.ALIGN;
    long acc = (long) layer.output().channels() * layer.output().height() * width;
    return conv.strideHeight() == 1 && conv.strideWidth() == 1
        && (width - layer.output().width()) * WASTE <= width
        && Math.max(padded, acc) <= ShapeInference.MAX_ARRAY;
  }

  /** The padded rows' length: the padded width in whole vectors. */
  static int width(LayerPlan layer) {
    return VectorCode.aligned(layer.padded().width());
  }

  /**
   * The padded input in rows of {@link #width}, a vector between planes, and a vector's slack for the last rows'
   * vectors.
   */
  static PaddedLayout layout(LayerPlan layer) {
    return new PaddedLayout(layer.padded(), layer.padding().top(), layer.padding().left(), width(layer),
        VectorCode.ALIGN, VectorCode.ALIGN);
  }

  /** Cells per output channel of the product: oh rows of the padded width. */
  static int columns(LayerPlan layer) {
    return layer.output().height() * width(layer);
  }

  /** Where each tap starts in the padded input: tap k = (c * kh + ky) * kw + kx at c * H * W + ky * W + kx. */
  static FieldSpec tapStarts(LayerPlan layer, String name) {
    Conv2DSpec conv = (Conv2DSpec) layer.spec();
    int kh = conv.kernelHeight();
    int kw = conv.kernelWidth();
    int window = kh * kw;
    PaddedLayout layout = layout(layer);
    // A single channel's taps are all in its first plane.
    boolean oneChannel = layer.padded().channels() == 1;
    String channel = oneChannel ? "" : times(window == 1 ? "k" : "k / " + window, layout.area());
    String inWindow = oneChannel ? "k" : "k % " + window;
    String row = kh == 1 ? "" : times(kw == 1 ? inWindow : inWindow + " / " + kw, layout.width());
    String column = kw == 1 ? "" : "k % " + kw;
    return FieldSpec.builder(ArrayTypeName.of(TypeName.INT), name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("$L: where tap k's cells start in the padded input, rows $L apart.\n", layer.name(),
            layout.width())
        .initializer("$T.range(0, $L).map(k -> $L).toArray()", IntStream.class,
            layer.padded().channels() * window, sum(0, channel, row, column))
        .build();
  }
}
