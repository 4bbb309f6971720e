package dev.fovea.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fovea.processor.model.Conv2DSpec;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.NetworkSpec;
import dev.fovea.processor.testing.Generated;
import dev.fovea.processor.testing.NetworkCases;
import dev.fovea.processor.write.Backend;
import dev.fovea.processor.write.ConvStrategy;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which convolution strategy each test case exercises: the gradient checks and reference comparisons run every
 * case on both backends, so together they must reach every strategy of the table.
 */
class ConvStrategyTest {

  /** The strategy of each case's last convolution (the one under test, after a first layer), per backend. */
  private static Map<String, ConvStrategy> strategies(Backend backend) {
    Map<String, ConvStrategy> result = new LinkedHashMap<>();
    NetworkCases.all().forEach(arguments -> {
      String name = (String) arguments.get()[0];
      NetworkSpec spec = (NetworkSpec) arguments.get()[1];
      for (LayerPlan layer : Generated.plan(spec).layers()) {
        if (layer.spec() instanceof Conv2DSpec) {
          result.put(name, ConvStrategy.choose(layer, backend));
        }
      }
    });
    return result;
  }

  @Test
  void theCasesReachEveryStrategy() {
    Set<ConvStrategy> reached = EnumSet.noneOf(ConvStrategy.class);
    reached.addAll(strategies(Backend.PORTABLE).values());
    reached.addAll(strategies(Backend.VECTOR).values());
    assertEquals(EnumSet.allOf(ConvStrategy.class), reached);
  }

  @Test
  void namedCasesTakeTheStrategyTheirNameSays() {
    Map<String, ConvStrategy> portable = strategies(Backend.PORTABLE);
    Map<String, ConvStrategy> vector = strategies(Backend.VECTOR);
    assertEquals(ConvStrategy.LOOPS, portable.get("conv kernel 3x2, strides 2x1, tanh"));
    assertEquals(ConvStrategy.LOOPS,
        portable.get("kernel 8x8 at stride 1 (past the unrolled kernels: loop emitter)"));
    assertEquals(ConvStrategy.PLANAR, portable.get("conv 3x3, 2 channels in, 3 out, relu"));
    assertEquals(ConvStrategy.ALIGNED,
        portable.get("wide rows (aligned planes): 17 columns, two row vectors"));
    assertEquals(ConvStrategy.ALIGNED_CHANNEL_VECTORS,
        portable.get("wide rows, 16 filters (weight gradient vectorised along channels)"));
    assertEquals(ConvStrategy.GEMM_CELL_SUMS,
        vector.get("many cells, few taps, kernel 5x1 SAME, 5 filters (weight gradient as sums over cells)"));
    assertEquals(ConvStrategy.GEMM, vector.get("conv 3x3, 2 channels in, 3 out, relu"));
    assertEquals(ConvStrategy.ALIGNED,
        portable.get("one channel between layers, wide rows (aligned; the loops over it left out)"));
    assertEquals(ConvStrategy.PLANAR, portable.get(
        "one channel between layers: strides 2, a 1x2 window, narrow rows (loops over it left out)"));
  }
}
