package dev.fovea.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keras-style parameter initialisation. */
class InitializerTest {

  @Test
  void sameSeedGivesIdenticalWeightsAndDifferentSeedsDiffer() {
    Model a = Model.of(TinyMlpNet.class);
    Model b = Model.of(TinyMlpNet.class);
    Model c = Model.of(TinyMlpNet.class);
    Initializer.initialize(a, 42);
    Initializer.initialize(b, 42);
    Initializer.initialize(c, 43);
    assertArrayEquals(a.parameters(), b.parameters());
    assertFalse(Arrays.equals(a.parameters(), c.parameters()));
  }

  @Test
  void respectsLimitsAndZeros() {
    Model m = Model.of(TinyMlpNet.class);
    Arrays.fill(m.parameters(), 7f);
    Initializer.initialize(m, 1);
    float[] p = m.parameters();
    double he = Math.sqrt(6.0 / 4);
    double glorot = Math.sqrt(6.0 / (6 + 3));
    for (ParameterSpec s : m.parameterSpecs()) {
      double limit = switch (s.init()) {
        case "he_uniform" -> he;
        case "glorot_uniform" -> glorot;
        default -> 0;
      };
      double maxAbs = 0;
      for (int i = s.offset(); i < s.offset() + s.length(); i++) {
        assertTrue(Math.abs(p[i]) <= limit, s.name() + " value " + p[i] + " beyond " + limit);
        maxAbs = Math.max(maxAbs, Math.abs(p[i]));
      }
      if (limit > 0) {
        assertTrue(maxAbs > limit / 4, s.name() + " looks degenerate");
      } else {
        assertEquals(0.0, maxAbs, s.name());
      }
    }
  }

  @Test
  void zerosDrawNothingSoLaterTensorsDoNotShift() {
    ParameterSpec w = new ParameterSpec("w", new int[] {2}, 0, 2, 1, 1, "glorot_uniform");
    ParameterSpec zeros = new ParameterSpec("z", new int[] {3}, 2, 3, 1, 1, "zeros");
    ParameterSpec v = new ParameterSpec("v", new int[] {2}, 5, 2, 1, 1, "glorot_uniform");
    float[] with = new float[7];
    float[] without = new float[7];
    Initializer.initialize(with, List.of(w, zeros, v), 5);
    Initializer.initialize(without, List.of(w, v), 5);
    assertArrayEquals(with, without);
  }

  @Test
  void rejectsUnknownInitializer() {
    ParameterSpec s = new ParameterSpec("x.weight", new int[] {1}, 0, 1, 1, 1, "orthogonal");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Initializer.initialize(new float[1], List.of(s), 0));
    assertEquals("x.weight: unknown initializer \"orthogonal\", expected he_uniform, glorot_uniform, zeros or ones, or for state buffer:zeros, buffer:ones or buffer:count",
        e.getMessage());
  }
}
