package dev.fovea.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Each optimiser against steps of Keras' formulas computed by hand, in double. */
class OptimizerTest {

  private static final double TOL = 1e-6;

  @Test
  void sgdWithKerasDefaults() {
    float[] p = {1f, -2f};
    new Sgd().step(p, new float[] {0.5f, -1f});
    assertEquals(1 - 0.01 * 0.5, p[0], TOL);
    assertEquals(-2 + 0.01, p[1], TOL);
  }

  @Test
  void sgdMomentumTwoSteps() {
    double lr = 0.1;
    double mu = 0.9;
    Sgd sgd = new Sgd(lr, mu, false);
    float[] p = {1f};
    sgd.step(p, new float[] {0.5f});
    sgd.step(p, new float[] {0.25f});
    double v1 = -lr * 0.5;
    double v2 = mu * v1 - lr * 0.25;
    assertEquals(1 + v1 + v2, p[0], TOL);
  }

  @Test
  void sgdNesterovTwoSteps() {
    double lr = 0.1;
    double mu = 0.9;
    Sgd sgd = new Sgd(lr, mu, true);
    float[] p = {1f};
    sgd.step(p, new float[] {0.5f});
    sgd.step(p, new float[] {0.25f});
    double v1 = -lr * 0.5;
    double p1 = 1 + mu * v1 - lr * 0.5;
    double v2 = mu * v1 - lr * 0.25;
    assertEquals(p1 + mu * v2 - lr * 0.25, p[0], TOL);
  }

  @Test
  void rmsPropTwoStepsWithKerasDefaults() {
    RmsProp rms = new RmsProp();
    float[] p = {1f, 0.5f};
    double[] g1 = {0.2, -0.01};
    double[] g2 = {-0.1, 0.03};
    rms.step(p, new float[] {0.2f, -0.01f});
    rms.step(p, new float[] {-0.1f, 0.03f});
    double[] expected = {1, 0.5};
    for (int i = 0; i < 2; i++) {
      double v = 0;
      v = 0.9 * v + 0.1 * g1[i] * g1[i];
      expected[i] -= 0.001 * g1[i] / Math.sqrt(v + 1e-7);
      v = 0.9 * v + 0.1 * g2[i] * g2[i];
      expected[i] -= 0.001 * g2[i] / Math.sqrt(v + 1e-7);
      assertEquals(expected[i], p[i], TOL);
    }
  }

  @Test
  void adamThreeStepsWithKerasDefaults() {
    Adam adam = new Adam();
    float[] p = {1f, -1f};
    double[][] grads = {{0.1, -0.3}, {0.05, 0.2}, {-0.2, 0.01}};
    double[] expected = {1, -1};
    double[] m = new double[2];
    double[] v = new double[2];
    for (int t = 1; t <= grads.length; t++) {
      double[] g = grads[t - 1];
      adam.step(p, new float[] {(float) g[0], (float) g[1]});
      double alpha = 0.001 * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
      for (int i = 0; i < 2; i++) {
        m[i] += (g[i] - m[i]) * (1 - 0.9);
        v[i] += (g[i] * g[i] - v[i]) * (1 - 0.999);
        expected[i] -= m[i] * alpha / (Math.sqrt(v[i]) + 1e-7);
      }
    }
    assertEquals(3, adam.iterations());
    assertEquals(expected[0], p[0], TOL);
    assertEquals(expected[1], p[1], TOL);
    // Adam's first step moves every parameter by about the learning rate, whatever the gradient's scale.
    float[] q = {0f};
    new Adam().step(q, new float[] {0.5f});
    assertEquals(-0.001, q[0], 1e-6);
  }

  @Test
  void stateIsSizedLazilyAndChecked() {
    Adam adam = new Adam(0.01);
    adam.step(new float[3], new float[3]);
    adam.step(new float[5], new float[5]);
    assertEquals(1, adam.iterations(), "a new parameter array restarts the state");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new RmsProp().step(new float[2], new float[3]));
    assertEquals("2 parameters but 3 gradients", e.getMessage());
  }

  @Test
  void parsesNames() {
    assertInstanceOf(Sgd.class, Optimizers.parse("sgd", 0.1));
    assertInstanceOf(Sgd.class, Optimizers.parse("Momentum", 0.1));
    assertInstanceOf(RmsProp.class, Optimizers.parse(" rmsprop ", 0.1));
    assertInstanceOf(Adam.class, Optimizers.parse("ADAM", 0.1));
    assertEquals(0.01, Optimizers.defaultLearningRate("momentum"));
    assertEquals(0.001, Optimizers.defaultLearningRate("adam"));
    float[] p = {0f};
    Optimizer momentum = Optimizers.parse("momentum", 1);
    momentum.step(p, new float[] {1f});
    momentum.step(p, new float[] {1f});
    assertEquals(-1 - 1.9, p[0], TOL);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Optimizers.parse("adagrad", 1));
    assertEquals("unknown optimizer \"adagrad\", expected one of: sgd, momentum, rmsprop, adam", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Optimizers.parse("sgd", 0));
  }
}
