package dev.fovea.processor.write;

import dev.fovea.processor.model.Conv2DSpec;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.ShapeInference;

/**
 * The one table that picks how a convolution is computed, as a named choice tests can assert. The Vector API
 * backend runs register-blocked products (GEMM) wherever their buffers fit; the portable backend unrolls the
 * taps over whole planes for small kernels at stride 1 and falls back to plain loops elsewhere.
 */
public enum ConvStrategy {
  /**
   * Vector API products over unrolled patches, or at stride 1 over the padded input itself where few cells of its
   * rows go unused ({@link ShiftedProduct}); the weight gradient as dZ x rows.
   */
  GEMM,
  /** As GEMM, with the weight gradient summed over the cells: first layers, many cells and few taps. */
  GEMM_CELL_SUMS,
  /** Plain loops over cells and taps: any kernel, stride and size. */
  LOOPS,
  /** Taps unrolled over each input plane; for rows narrower than half a vector. */
  PLANAR,
  /** Taps unrolled over vector-aligned copies of the planes, so C2 vectorises whole rows. */
  ALIGNED,
  /** As ALIGNED, with the weight gradient vectorised along the output channels. */
  ALIGNED_CHANNEL_VECTORS;

  /** The largest kernel side whose taps the plane emitters unroll (MethodSizeTest checks the code size). */
  public static final int MAX_UNROLLED_KERNEL_SIDE = 7;

  /**
   * The GEMM weight gradient sums over the cells (vectors along the cells, one horizontal sum per weight) when a
   * layer has this many times more cells than taps, as first layers do: long sums, few weights.
   */
  static final int CELL_SUMS_RATIO = 4;

  /** The strategy for a convolution layer on a backend. */
  public static ConvStrategy choose(LayerPlan layer, Backend backend) {
    if (backend == Backend.VECTOR && GemmConvEmitter.fits(layer)) {
      return cellSums(layer) ? GEMM_CELL_SUMS : GEMM;
    }
    Conv2DSpec conv = (Conv2DSpec) layer.spec();
    boolean unitStrides = conv.strideHeight() == 1 && conv.strideWidth() == 1;
    // The plane emitters unroll taps: past 7 per side that outgrows HotSpot's 8000-byte JIT limit.
    boolean smallKernel = conv.kernelHeight() <= MAX_UNROLLED_KERNEL_SIDE
        && conv.kernelWidth() <= MAX_UNROLLED_KERNEL_SIDE;
    if (!unitStrides || !smallKernel || largestPlaneBuffer(layer) > ShapeInference.MAX_ARRAY) {
      return LOOPS;
    }
    if (!AlignedConvEmitter.suits(layer)) {
      return PLANAR;
    }
    return ChannelWeightGradient.suits(layer) ? ALIGNED_CHANNEL_VECTORS : ALIGNED;
  }

  /** Whether the GEMM weight gradient sums over the cells. */
  static boolean cellSums(LayerPlan layer) {
    Conv2DSpec conv = (Conv2DSpec) layer.spec();
    long taps = (long) layer.input().channels() * conv.kernelHeight() * conv.kernelWidth();
    return layer.output().area() >= CELL_SUMS_RATIO * taps;
  }

  /** The emitter that writes this strategy's code. */
  public LayerEmitter emitter(LayerPlan layer, Precision precision, Wiring wiring) {
    return switch (this) {
      case GEMM, GEMM_CELL_SUMS -> new GemmConvEmitter(layer, precision, wiring);
      case LOOPS -> new ConvEmitter(layer, precision, wiring);
      case PLANAR -> new PlanarConvEmitter(layer, precision, wiring);
      case ALIGNED, ALIGNED_CHANNEL_VECTORS -> new AlignedConvEmitter(layer, precision, wiring);
    };
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
}
