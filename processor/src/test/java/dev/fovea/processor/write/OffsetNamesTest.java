package dev.fovea.processor.write;

import static dev.fovea.annotations.Activation.LINEAR;
import static dev.fovea.processor.testing.Specs.conv;
import static dev.fovea.processor.testing.Specs.dense;
import static dev.fovea.processor.testing.Specs.input;
import static dev.fovea.processor.testing.Specs.network;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fovea.processor.model.NetworkPlan;
import dev.fovea.processor.model.ParamPlan;
import dev.fovea.processor.testing.Generated;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The names generated code gives parameter offsets: C3_WEIGHT for c3.weight, and a clear error on a clash. */
class OffsetNamesTest {

  @Test
  void namesFollowThePyTorchNames() {
    assertEquals("C3_WEIGHT", Index.offset(param("c3.weight")));
    assertEquals("CONV_BLOCK_BIAS", Index.offset(param("convBlock.bias")));
    assertEquals("LAYER1_0_CONV1_WEIGHT", Index.offset(param("layer1.0.conv1.weight")));
    assertEquals("C3_WEIGHT + 5 + co * 150", Index.at(param("c3.weight"), 5, "co * 150", ""));
  }

  @Test
  void layersWhoseOffsetsWouldShareANameAreAnError() {
    NetworkPlan plan = Generated.plan(network(input(1, 4, 4), conv("convA", 2, 3, LINEAR),
        conv("conv_a", 2, 1, LINEAR), dense("fc", 2, LINEAR)));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> NetworkWriter.write(plan, Precision.FLOAT));
    assertEquals(String.format(Index.OFFSET_NAME_CLASH, "convA.weight", "conv_a.weight", "CONV_A_WEIGHT"),
        e.getMessage());
  }

  private static ParamPlan param(String name) {
    return new ParamPlan(name, List.of(1), 0, 1, 1, "zeros");
  }
}
