package dev.fovea.processor.write;

/**
 * How a broadcast product is cut for the cache when its operands outgrow it: the columns into panels, taken
 * outermost, and the sum into chunks, so that the column vectors a chunk of a panel reads stay cached while every
 * row block passes over them. Each accumulator still sums its terms in order (a later chunk continues from the
 * value the earlier one stored), so the cuts never change a result's bits.
 */
final class CacheBlocks {
  /**
   * Values of the column operand a chunk of a panel may span: 64 K floats are 256 KB, half the 512 KB second-level
   * cache of the AMD EPYC (Zen 3) cores this was measured on, leaving the other half to the rows' values and the
   * targets.
   */
  static final int VALUES = 1 << 16;

  /**
   * Columns per panel when the sum is cut too: each panel re-reads all the rows' values and each chunk re-reads and
   * re-writes the targets, and with panel x chunk = {@link #VALUES} the two costs are even at about sqrt(VALUES / 2)
   * columns; 192 is a whole number of blocks for 16 and for 32 vector registers.
   */
  static final int EVEN_PANEL = 192;

  /**
   * Values of the column operand a chunk may span when the operand fits the second-level cache but not the first:
   * 8 K floats are 32 KB, the smallest first-level data cache of the x86 cores we run on. W2's second convolution
   * (288 x 128 columns, 147 KB) ran its forward product 16 % faster cut into chunks of 36-72 terms on a Zen 5.
   */
  static final int FIRST_LEVEL_VALUES = 1 << 13;

  /**
   * The fewest terms a first-level chunk may have: each chunk re-reads and re-writes a block's accumulators, which
   * costs little against 32 or more FMAs per accumulator.
   */
  static final int FEWEST_TERMS = 32;

  private CacheBlocks() {}

  /**
   * Terms per chunk of the sum: chunks whose columns fit the first-level cache when the column operand fits the
   * second (see {@link #FIRST_LEVEL_VALUES}); all of them when the rows' values fit beside a
   * panel of one block over the whole sum (re-reading them per panel then costs little); otherwise chunks of even
   * length for a panel of {@link #EVEN_PANEL} columns, or of all the columns where there are few.
   */
  static int chunk(int rows, int columns, int sumLength) {
    if ((long) sumLength * columns <= VALUES) {
      int most = FIRST_LEVEL_VALUES / columns;
      return most < FEWEST_TERMS ? sumLength : evenChunk(sumLength, most);
    }
    boolean rowsStay = (long) rows * sumLength <= VALUES && (long) sumLength * 4 * VectorCode.ALIGN <= VALUES;
    if (rowsStay) {
      return sumLength;
    }
    int width = columns <= 2 * EVEN_PANEL ? columns : EVEN_PANEL;
    return evenChunk(sumLength, Math.max(1, VALUES / width));
  }

  /** Chunks of even length, at most {@code most} terms each (all of them when they fit). */
  private static int evenChunk(int sumLength, int most) {
    if (most >= sumLength) {
      return sumLength;
    }
    int chunks = (sumLength + most - 1) / most;
    return (sumLength + chunks - 1) / chunks;
  }

  /**
   * Columns per panel for blocks of {@code columnBlock} vectors: all of them when a chunk over every column fits,
   * otherwise whole blocks (counted at {@link VectorCode#ALIGN} lanes, a multiple of any LANES, so every panel but
   * the last splits into whole blocks) spanning at most {@link #VALUES} with the chunk; at least one block.
   */
  static int panel(int columns, int chunk, int columnBlock) {
    if ((long) chunk * columns <= VALUES) {
      return columns;
    }
    int block = columnBlock * VectorCode.ALIGN;
    return Math.min(columns, Math.max(1, VALUES / chunk / block) * block);
  }
}
