package dev.fovea.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.fovea.processor.model.Conv2DSpec;
import dev.fovea.processor.model.DenseSpec;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.Pool2DSpec;
import java.util.List;
import javax.lang.model.element.Modifier;

/** Writes one layer's forward and backward methods and any scratch buffers they need. */
interface LayerEmitter {
  /** The largest kernel, in taps, whose taps the plane emitters unroll (MethodSizeTest checks the code size). */
  int MAX_UNROLLED_KERNEL_TAPS = 49;

  /** Buffers besides the output and its gradient, e.g. a zero-padded copy of the input. */
  List<FieldSpec> scratchBuffers();

  MethodSpec forward();

  MethodSpec backward();

  static LayerEmitter of(LayerPlan layer, Precision precision, Wiring wiring) {
    if (layer.spec() instanceof Conv2DSpec conv) {
      boolean unitStrides = conv.strideHeight() == 1 && conv.strideWidth() == 1;
      // The plane emitters unroll every tap; past a 7x7 kernel that outgrows HotSpot's 8000-byte JIT limit.
      boolean fewTaps = conv.kernelHeight() * conv.kernelWidth() <= MAX_UNROLLED_KERNEL_TAPS;
      if (!unitStrides || !fewTaps) {
        return new ConvEmitter(layer, precision, wiring);
      }
      return AlignedConvEmitter.suits(layer)
          ? new AlignedConvEmitter(layer, precision, wiring)
          : new PlanarConvEmitter(layer, precision, wiring);
    }
    if (layer.spec() instanceof DenseSpec) {
      return new DenseEmitter(layer, precision, wiring);
    }
    if (layer.spec() instanceof Pool2DSpec) {
      return new PoolEmitter(layer, precision, wiring);
    }
    throw new IllegalStateException("no emitter for " + layer.spec());
  }

  static String forwardName(LayerPlan layer) {
    return layer.name() + "Forward";
  }

  static String backwardName(LayerPlan layer) {
    return layer.name() + "Backward";
  }

  /** A private layer method with its shape comment. */
  static MethodSpec method(String name, String javadoc, CodeBlock code) {
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc(javadoc)
        .addCode(code)
        .build();
  }

  /** Closes the innermost {@code count} open loops. */
  static void close(CodeBlock.Builder code, int count) {
    for (int i = 0; i < count; i++) {
      code.endControlFlow();
    }
  }

  /** The Javadoc line at the head of both methods: name, kind and shapes. */
  static String describe(LayerPlan layer) {
    return layer.name() + ": " + layer.spec().kindName() + " " + layer.input() + " -> " + layer.output();
  }
}
