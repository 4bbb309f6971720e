package dev.fovea.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.fovea.processor.model.Conv2DSpec;
import dev.fovea.processor.model.DenseSpec;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.Pool2DSpec;
import dev.fovea.processor.model.ShapeInference;
import java.util.List;
import javax.lang.model.element.Modifier;

/** Writes one layer's forward and backward methods and any scratch buffers they need. */
interface LayerEmitter {
  /** The largest kernel side whose taps the plane emitters unroll (MethodSizeTest checks the code size). */
  int MAX_UNROLLED_KERNEL_SIDE = 7;

  /** Buffers besides the output and its gradient, e.g. a zero-padded copy of the input. */
  List<FieldSpec> scratchBuffers();

  MethodSpec forward();

  MethodSpec backward();

  /** Further private methods the forward or backward method calls, e.g. to stay under the JIT's size limit. */
  default List<MethodSpec> helpers() {
    return List.of();
  }

  static LayerEmitter of(LayerPlan layer, Precision precision, Wiring wiring, Backend backend) {
    if (backend == Backend.VECTOR) {
      if (layer.spec() instanceof Conv2DSpec && GemmConvEmitter.fits(layer)) {
        return new GemmConvEmitter(layer, precision, wiring);
      }
      if (layer.spec() instanceof DenseSpec) {
        return new VectorDenseEmitter(layer, precision, wiring);
      }
    }
    if (layer.spec() instanceof Conv2DSpec conv) {
      boolean unitStrides = conv.strideHeight() == 1 && conv.strideWidth() == 1;
      // The plane emitters unroll taps: past 7 per side that outgrows HotSpot's 8000-byte JIT limit.
      boolean smallKernel = conv.kernelHeight() <= MAX_UNROLLED_KERNEL_SIDE
          && conv.kernelWidth() <= MAX_UNROLLED_KERNEL_SIDE;
      if (!unitStrides || !smallKernel || largestPlaneBuffer(layer) > ShapeInference.MAX_ARRAY) {
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

  /**
   * The longest scratch array either plane emitter could allocate for this layer: their rows are wider than
   * the layer's, so a shape that fits may still not fit their buffers.
   */
  private static long largestPlaneBuffer(LayerPlan layer) {
    Conv2DSpec conv = (Conv2DSpec) layer.spec();
    long channels = Math.max(layer.input().channels(), layer.output().channels()) * (long) conv.kernelWidth();
    long rows = layer.padded().height() + 2L * conv.kernelHeight();
    long width = layer.padded().width() + 2L * conv.kernelWidth() + AlignedConvEmitter.ALIGN;
    long cellsTimesChannels = (long) layer.output().area() * layer.output().channels();
    return Math.max(channels * rows * width, cellsTimesChannels);
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
