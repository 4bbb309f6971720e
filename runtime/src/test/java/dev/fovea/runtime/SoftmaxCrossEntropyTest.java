package dev.fovea.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Softmax cross-entropy against its definition, finite differences and extreme logits. */
class SoftmaxCrossEntropyTest {

  private static double referenceLoss(double[] z, int label) {
    double sum = 0;
    for (double v : z) {
      sum += Math.exp(v);
    }
    return Math.log(sum) - z[label];
  }

  @Test
  void valueMatchesTheDefinition() {
    float[] logits = {1.5f, -0.25f, 0.75f, 2f};
    float[] grad = new float[4];
    double loss = SoftmaxCrossEntropy.lossAndGradient(logits, 2, grad);
    assertEquals(referenceLoss(new double[] {1.5, -0.25, 0.75, 2}, 2), loss, 1e-9);
    // Uniform logits: loss is log(n) and the gradient is 1/n - onehot.
    float[] uniform = {3, 3, 3, 3};
    assertEquals(Math.log(4), SoftmaxCrossEntropy.lossAndGradient(uniform, 0, grad), 1e-9);
    assertEquals(-0.75f, grad[0], 1e-7);
    assertEquals(0.25f, grad[3], 1e-7);
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    double[] z = {0.3, -1.2, 2.1, 0.05, -0.7};
    float[] logits = new float[z.length];
    for (int i = 0; i < z.length; i++) {
      logits[i] = (float) z[i];
    }
    for (int label = 0; label < z.length; label++) {
      float[] grad = new float[z.length];
      SoftmaxCrossEntropy.lossAndGradient(logits, label, grad);
      double sum = 0;
      for (int i = 0; i < z.length; i++) {
        double h = 1e-5;
        double[] plus = z.clone();
        double[] minus = z.clone();
        plus[i] += h;
        minus[i] -= h;
        double numeric = (referenceLoss(plus, label) - referenceLoss(minus, label)) / (2 * h);
        assertEquals(numeric, grad[i], 1e-6, "d/dz" + i + " for label " + label);
        sum += grad[i];
      }
      assertEquals(0, sum, 1e-6);
    }
  }

  @Test
  void stableForHugeLogits() {
    float[] logits = {1000f, 0f, -1000f};
    float[] grad = new float[3];
    assertEquals(0.0, SoftmaxCrossEntropy.lossAndGradient(logits, 0, grad), 1e-12);
    assertEquals(2000.0, SoftmaxCrossEntropy.lossAndGradient(logits, 2, grad), 1e-9);
    assertEquals(1f, grad[0]);
    assertEquals(-1f, grad[2]);
    float[] p = new float[3];
    SoftmaxCrossEntropy.softmax(logits, p);
    assertEquals(1f, p[0]);
    assertEquals(0f, p[2]);
  }

  @Test
  void softmaxGivesProbabilities() {
    float[] p = new float[3];
    SoftmaxCrossEntropy.softmax(new float[] {1, 2, 3}, p);
    double e = Math.exp(1) + Math.exp(2) + Math.exp(3);
    assertEquals(Math.exp(1) / e, p[0], 1e-7);
    assertEquals(Math.exp(3) / e, p[2], 1e-7);
    assertEquals(1, p[0] + p[1] + p[2], 1e-6);
  }

  @Test
  void usesOnlyTheFirstNOutputs() {
    float[] buffer = {1, 2, 99};
    float[] grad = {0, 0, 42};
    double loss = SoftmaxCrossEntropy.lossAndGradient(buffer, 2, 1, grad);
    assertEquals(referenceLoss(new double[] {1, 2}, 1), loss, 1e-9);
    assertEquals(42f, grad[2]);
    assertEquals(loss, SoftmaxCrossEntropy.loss(buffer, 2, 1), 1e-12);
  }

  @Test
  void rejectsBadLabels() {
    float[] grad = new float[2];
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SoftmaxCrossEntropy.lossAndGradient(new float[2], 2, grad));
    assertEquals("label 2 out of range [0, 2)", e.getMessage());
  }
}
