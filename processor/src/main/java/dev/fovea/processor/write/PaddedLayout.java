package dev.fovea.processor.write;

import static dev.fovea.processor.write.Index.sum;
import static dev.fovea.processor.write.Index.times;

import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.Shape;

/**
 * Where a GEMM convolution keeps its zero-padded input: channels of the padded planes, each row {@code width}
 * values apart and each plane {@code gap} values after the one before, and {@code slack} values past the last
 * channel. The plain layout is the padded shape itself; the shifted one ({@link ShiftedProduct}) pads each row to
 * whole vectors and leaves a vector's slack, so that a vector of cells read from any tap's first cell stays inside
 * the array, and a vector's gap between planes: planes of whole vectors of rows lie a multiple of 4 KB apart or
 * close to it, and the same cell of successive channels then falls into a few cache sets (ResNet-18's 28 x 28
 * layers, planes of 30 x 32, took 30 % longer to gather their patches without the gap).
 *
 * @param padded the padded input's shape
 * @param top rows of padding above the input
 * @param left columns of padding left of the input
 * @param width values from one row to the next, at least the padded width
 * @param gap values between one channel's plane and the next
 * @param slack values after the last channel
 */
record PaddedLayout(Shape padded, int top, int left, int width, int gap, int slack) {
  /** The padded shape as it is. */
  static PaddedLayout plain(LayerPlan layer) {
    return new PaddedLayout(layer.padded(), layer.padding().top(), layer.padding().left(), layer.padded().width(), 0,
        0);
  }

  /** Values from one channel to the next. */
  int area() {
    return padded.height() * width + gap;
  }

  /** Values in the array. */
  int size() {
    return padded.channels() * area() + slack;
  }

  /** Index of padded cell (c, y, x) for loop variables ("" for 0), plus further terms. */
  String cell(String c, String y, String x, String... more) {
    String[] terms = new String[3 + more.length];
    terms[0] = times(c, area());
    terms[1] = times(y, width);
    terms[2] = x;
    System.arraycopy(more, 0, terms, 3, more.length);
    return sum(0, terms);
  }

  /** Where input row y of channel c starts. */
  String inputRow(String c, String y) {
    return sum(top * width + left, times(c, area()), times(y, width));
  }
}
