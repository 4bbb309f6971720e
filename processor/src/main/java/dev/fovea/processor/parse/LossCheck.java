package dev.fovea.processor.parse;

import static dev.fovea.processor.Messages.NO_LOSS_FOR_ONE_OUTPUT;
import static dev.fovea.processor.Messages.OUTPUT_NOT_SOFTMAX;

import dev.fovea.annotations.Activation;
import dev.fovea.processor.model.DenseSpec;
import dev.fovea.processor.model.LayerSpec;

/** Says which loss training applies to the last layer, since the runtime has one: softmax cross-entropy. */
final class LossCheck {
  private LossCheck() {}

  /** An error when no loss can train the output, a warning when the last activation is not SOFTMAX. */
  static void check(LayerSpec last, NetworkParser.LayerSource source, Reporter reporter) {
    if (last instanceof DenseSpec dense && dense.units() == 1) {
      // Cross-entropy over a single class is 0 for every input: its gradient would train nothing.
      reporter.error(source.field(), source.mirror(), "units", NO_LOSS_FOR_ONE_OUTPUT);
    } else if (last.activation() != Activation.SOFTMAX) {
      reporter.report(true, source.field(), source.mirror(), "activation",
          String.format(OUTPUT_NOT_SOFTMAX, last.activation()));
    }
  }
}
