package dev.fovea.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each schedule's factors at known steps (10 steps per epoch). */
class LearningRateScheduleTest {

  @Test
  void stepAndExponential() {
    LearningRateSchedule step = LearningRateSchedule.step(2, 0.5);
    assertEquals(1, step.factor(19, 10, 6));
    assertEquals(0.5, step.factor(20, 10, 6));
    assertEquals(0.25, step.factor(59, 10, 6));
    LearningRateSchedule exp = LearningRateSchedule.exponential(0.9);
    assertEquals(1, exp.factor(0, 10, 3));
    assertEquals(0.9, exp.factor(10, 10, 3), 1e-15);
    assertEquals(Math.sqrt(0.9), exp.factor(5, 10, 3), 1e-15);
  }

  @Test
  void cosineWarmsUpLinearlyThenFallsToTheFloor() {
    LearningRateSchedule cosine = LearningRateSchedule.cosine(1, 0.1);
    assertEquals(0.1, cosine.factor(0, 10, 3), 1e-15);
    assertEquals(0.5, cosine.factor(4, 10, 3), 1e-15);
    assertEquals(1, cosine.factor(9, 10, 3), 1e-15);
    assertEquals(1, cosine.factor(10, 10, 3), 1e-15);
    assertEquals(0.1, cosine.factor(29, 10, 3), 1e-15);
    for (int s = 10; s < 29; s++) {
      assertTrue(cosine.factor(s + 1, 10, 3) < cosine.factor(s, 10, 3));
    }
  }

  @Test
  void oneCycleFollowsPyTorchsDefaults() {
    LearningRateSchedule one = LearningRateSchedule.oneCycle();
    assertEquals(1 / 25.0, one.factor(0, 10, 10), 1e-15);
    assertEquals(1, one.factor(29, 10, 10), 1e-15);
    assertEquals(1 / 25.0 / 1e4, one.factor(99, 10, 10), 1e-15);
  }

  @Test
  void badSettingsAreRefusedWithTheirValue() {
    assertEquals("decay factor must be in (0, 1], got 1.5",
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(1, 1.5)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(0, 0.5));
  }
}
