package dev.fovea.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.fovea.processor.model.LayerPlan;
import java.util.Optional;
import java.util.function.Function;

/**
 * A max pooling window's running maximum and the index of its first maximum, kept without a branch. Which cell of
 * a window wins depends on the data, so {@code if (x[at] > x[best]) best = at;} mispredicts on a large share of
 * windows: on Fashion-MNIST images W2's first pooling layer took 43-62 us that way and 16 us branch-free (the JIT
 * makes the branch a conditional move only when its profile says it is taken often, which a ReLU's zeros defeat).
 * Inference needs only the maxima; the winners matter only to a backward pass.
 */
final class MaxWindow {
  private MaxWindow() {}

  /** What a pass over the windows writes. */
  enum Record {
    /** The maxima, for inference. */
    MAXIMA,
    /** The index of each window's first maximum, for a backward pass after an inference pass. */
    WINNERS,
    /** Both, for the forward pass of training. */
    BOTH;

    boolean maxima() {
      return this != WINNERS;
    }

    boolean winners() {
      return this != MAXIMA;
    }
  }

  /** The inference pass of a max pooling layer whose {@code windows} writes what a record asks for. */
  static MethodSpec forward(LayerPlan layer, String doc, Function<Record, CodeBlock> windows) {
    return LayerEmitter.method(LayerEmitter.forwardName(layer), doc, windows.apply(Record.MAXIMA));
  }

  /** The training pass of a max pooling layer, if it differs from the inference pass: when it keeps winners. */
  static Optional<MethodSpec> trainingForward(LayerPlan layer, boolean keepsWinners, String doc,
      Function<Record, CodeBlock> windows) {
    return keepsWinners
        ? Optional.of(LayerEmitter.method(LayerEmitter.trainingForwardName(layer), doc, windows.apply(Record.BOTH)))
        : Optional.empty();
  }

  /** Before a backward pass routes gradients by the winners: after an inference pass, which kept none, finds them. */
  static void findWinnersAfterInference(CodeBlock.Builder code, Function<Record, CodeBlock> windows) {
    code.beginControlFlow("if (!training)");
    code.add("// The inference pass kept no winners.\n");
    code.add(windows.apply(Record.WINNERS));
    code.endControlFlow();
  }

  /** Declares {@code max} (and {@code best}) at the input index expression {@code first}. */
  static void open(CodeBlock.Builder code, Precision p, String source, String first, Record record) {
    if (record.winners()) {
      code.addStatement("int best = $L", first);
      code.addStatement("$T max = $L[best]", p.type(), source);
    } else {
      code.addStatement("$T max = $L[$L]", p.type(), source, first);
    }
  }

  /**
   * Takes in the cell at index expression {@code at}. {@code max} follows {@code Math.max}, which keeps a NaN;
   * {@code best} moves only to a strictly larger value, so ties keep the first cell as PyTorch does (but for a
   * tie of -0 with +0, or of two infinities, whose difference may carry a sign).
   */
  static void take(CodeBlock.Builder code, Precision p, String source, String at, Record record) {
    if (!record.winners()) {
      code.addStatement("max = $T.max(max, $L[$L])", Math.class, source, at);
      return;
    }
    code.addStatement("final $T v = $L[$L]", p.type(), source, at);
    if (p == Precision.FLOAT) {
      code.addStatement("best += ($L - best) & ($T.floatToRawIntBits(max - v) >> 31)", at, Float.class);
    } else {
      code.addStatement("best += ($L - best) & (int) ($T.doubleToRawLongBits(max - v) >> 63)", at, Double.class);
    }
    code.addStatement("max = $T.max(max, v)", Math.class);
  }

  /** Stores the window's maximum in {@code out[index]} and its winner in {@code winners[index]}, as recorded. */
  static void store(CodeBlock.Builder code, String out, String winners, String index, Record record) {
    if (record.maxima()) {
      code.addStatement("$L[$L] = max", out, index);
    }
    if (record.winners()) {
      code.addStatement("$L[$L] = best", winners, index);
    }
  }
}
