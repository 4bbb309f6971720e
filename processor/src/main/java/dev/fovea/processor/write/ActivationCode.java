package dev.fovea.processor.write;

import com.palantir.javapoet.CodeBlock;
import dev.fovea.annotations.Activation;

/** Emits an activation applied in place to a layer's output, and its derivative applied to the gradient. */
final class ActivationCode {
  private ActivationCode() {}

  /** {@code out[i] = f(out[i])} over n values; SOFTMAX stays as logits because the loss applies it. */
  static CodeBlock forward(Activation activation, Precision p, String out, int n) {
    String expr = forwardExpression(activation, p, out);
    if (expr == null) {
      return CodeBlock.of("");
    }
    return CodeBlock.builder()
        .add("// $L, in place.\n", activation)
        .beginControlFlow("for (int i = 0; i < $L; i++)", n)
        .addStatement("$L[i] = $L", out, expr)
        .endControlFlow()
        .build();
  }

  /**
   * {@code grad[i] *= f'(z)} written through the activated output {@code out}, so z need not be kept.
   * SOFTMAX's gradient arrives already taken with respect to the logits.
   */
  static CodeBlock backward(Activation activation, Precision p, String grad, String out, int n) {
    String statement = backwardStatement(activation, p, grad, out);
    if (statement == null) {
      return CodeBlock.of("");
    }
    return CodeBlock.builder()
        .add("// Through $L: the gradient now holds dLoss/dZ.\n", activation)
        .beginControlFlow("for (int i = 0; i < $L; i++)", n)
        .addStatement(statement)
        .endControlFlow()
        .build();
  }

  /** f(out[i]), or null when the activation writes nothing (LINEAR, SOFTMAX). */
  static String forwardExpression(Activation activation, Precision p, String out) {
    return switch (activation) {
      case RELU -> "java.lang.Math.max(" + out + "[i], " + p.literal(0) + ")";
      case SIGMOID -> p.narrow() + "(1.0 / (1.0 + java.lang.Math.exp(-" + out + "[i])))";
      case TANH -> p.narrow() + "java.lang.Math.tanh(" + out + "[i])";
      case LINEAR, SOFTMAX -> null;
    };
  }

  /** The statement {@code grad[i] *= f'(z)}, or null when there is none (LINEAR, SOFTMAX). */
  static String backwardStatement(Activation activation, Precision p, String grad, String out) {
    return switch (activation) {
      case RELU -> grad + "[i] = " + out + "[i] > 0 ? " + grad + "[i] : " + p.literal(0);
      case SIGMOID -> grad + "[i] *= " + out + "[i] * (1 - " + out + "[i])";
      case TANH -> grad + "[i] *= 1 - " + out + "[i] * " + out + "[i]";
      case LINEAR, SOFTMAX -> null;
    };
  }
}
