package dev.fovea.processor.write;

import static dev.fovea.processor.write.Index.times;

import com.palantir.javapoet.CodeBlock;
import dev.fovea.processor.model.LayerPlan;
import java.util.Optional;

/**
 * A GEMM convolution's inference forward cut for intra-op threads: the padded copy and the columns on the caller,
 * then the product Z = W x columns and its copy to the output by parts, then the activation on the caller. A part
 * takes a span of the output cells (whole {@link VectorCode#ALIGN}-lane column blocks), or of the filters where the
 * cells are too few to share out evenly; either way each value sums the same terms in the same order as unsplit.
 */
final class GemmConvSplit {
  /**
   * Column units (of {@link VectorCode#ALIGN} cells) from which a layer is split by its cells: with 16 or more, two
   * or three parts differ by at most a sixteenth; below, by filters when they have more units.
   */
  static final int EVEN_COLUMN_UNITS = 16;

  private GemmConvSplit() {}

  static Optional<IntraOpSplit> of(LayerPlan layer, GemmConvEmitter conv, int taps, int cells, int cellRow) {
    int filters = layer.output().channels();
    if (!IntraOpCode.worthSplitting((long) filters * taps * cells)) {
      return Optional.empty();
    }
    BroadcastGemm product = conv.forwardProduct();
    int columnUnits = cellRow / VectorCode.ALIGN;
    int rowUnits = (filters + product.rowUnit() - 1) / product.rowUnit();
    // The shifted product's cells are rows of the padded width, not the output's: it splits by filters.
    boolean byRows = conv.shifted() || columnUnits < EVEN_COLUMN_UNITS && rowUnits > columnUnits;
    String from = IntraOpCode.SPAN_FROM;
    String to = IntraOpCode.SPAN_TO;
    CodeBlock.Builder code = CodeBlock.builder();
    code.add("// Z = W x columns for $L $L to $L, plus the bias, then those values to the output.\n",
        byRows ? "filters" : "cells", from, to);
    code.add(product.code(new GemmSpan(byRows, from, to)));
    String acc = conv.name("Acc");
    String out = Wiring.of(layer).out();
    // Whole rows activate as the unsplit forward does; spans of cells activate on the caller, after every part.
    boolean activatesRows = byRows && conv.outputActivates();
    if (byRows) {
      code.add(conv.output(from, to));
    } else {
      code.addStatement("final int end = $T.min($L, $L)", Math.class, to, cells);
      code.beginControlFlow("if ($L < end)", from);
      Loops.counted(code, "co", filters);
      code.addStatement("$T.arraycopy($L, $L + $L, $L, $L + $L, end - $L)", System.class, acc, times("co", cellRow),
          from, out, times("co", cells), from, from);
      code.endControlFlow();
      code.endControlFlow();
    }
    String doc = LayerEmitter.describe(layer) + ": the product and output of "
        + (byRows ? "filters" : "cells (scratch columns included)") + " [" + from + ", " + to + ").";
    var part = IntraOpCode.part(LayerEmitter.member(layer, "PartForward"), doc).addCode(code.build()).build();
    int units = byRows ? rowUnits : columnUnits;
    int unit = byRows ? product.rowUnit() : VectorCode.ALIGN;
    return Optional.of(new IntraOpSplit(conv.inputs(), part, units, unit, byRows ? filters : cellRow,
        activatesRows ? CodeBlock.of("") : conv.activation()));
  }
}
