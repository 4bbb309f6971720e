package dev.fovea.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Label smoothing, gradient clipping, weight decay, augmentation and divergence inside one step. */
class RegularizationTest {

  private static final float[] IMAGES = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 2, 0.5f, 0, 0, 1, 0, 3, 0, 0};
  private static final Dataset FIVE = new Dataset("five", 1, 2, 2, IMAGES, new int[] {0, 1, 2, 0, 1}, 3);

  @Test
  void labelSmoothingMatchesItsDefinition() {
    float[] logits = {1.5f, -0.5f, 0.25f, 2f};
    float[] grad = new float[4];
    float smoothing = 0.1f;
    double loss = SoftmaxCrossEntropy.lossAndGradient(logits, 4, 2, smoothing, grad);
    double sum = 0;
    for (float l : logits) {
      sum += Math.exp(l);
    }
    double expected = 0;
    for (int i = 0; i < 4; i++) {
      double target = (i == 2 ? 1.0 - smoothing : 0) + smoothing / 4.0;
      double p = Math.exp(logits[i]) / sum;
      expected -= target * Math.log(p);
      assertEquals(p - target, grad[i], 1e-6);
    }
    assertEquals(expected, loss, 1e-9);
    float[] plain = new float[4];
    assertEquals(SoftmaxCrossEntropy.lossAndGradient(logits, 4, 2, plain),
        SoftmaxCrossEntropy.lossAndGradient(logits, 4, 2, 0f, grad));
    assertArrayEquals(plain, grad);
  }

  /** One full-batch SGD step from the given parameters. */
  private static float[] step(float[] start, Optimizer optimizer, TrainingOptions options) {
    Model model = Model.of(TinyDenseNet.class);
    System.arraycopy(start, 0, model.parameters(), 0, start.length);
    try (Trainer t = new Trainer(model, optimizer, new Trainer.Config(1, 5, 0, 2), options)) {
      t.runEpoch(FIVE, 1);
    }
    return model.parameters().clone();
  }

  private static TrainingOptions options(float clip, float decay, boolean decoupled) {
    return new TrainingOptions(0, clip, decay, decoupled, Augmentation.NONE);
  }

  @Test
  void clippingScalesTheBatchGradientToTheGlobalNorm() {
    float[] zero = new float[15];
    float[] update = step(zero, new Sgd(1), TrainingOptions.NONE);
    double norm = Math.sqrt(Arrays.stream(box(update)).map(v -> v * v).sum());
    float clip = (float) (norm / 4);
    float[] clipped = step(zero, new Sgd(1), options(clip, 0, true));
    for (int i = 0; i < 15; i++) {
      assertEquals(update[i] / 4, clipped[i], 1e-6);
    }
    assertArrayEquals(update, step(zero, new Sgd(1), options((float) norm * 2, 0, true)), "below the norm: unchanged");
  }

  @Test
  void weightDecayIsL2ForSgdAndDecoupledForAdam() {
    float[] start = new float[15];
    Arrays.fill(start, 0.5f);
    float lr = 0.1f;
    float decay = 0.01f;
    float[] plain = step(start, new Sgd(lr), TrainingOptions.NONE);
    float[] l2 = step(start, new Sgd(lr), options(0, decay, false));
    for (int i = 0; i < 15; i++) {
      assertEquals(plain[i] - lr * decay * start[i], l2[i], 1e-6, "g + decay * p");
    }
    float[] adam = step(start, new Adam(lr), TrainingOptions.NONE);
    float[] adamW = step(start, new Adam(lr), options(0, decay, true));
    float[] adamL2 = step(start, new Adam(lr), options(0, decay, false));
    for (int i = 0; i < 15; i++) {
      assertEquals(adam[i] - lr * decay * start[i], adamW[i], 1e-6, "p * (1 - lr * decay), then Adam");
    }
    assertFalse(Arrays.equals(adamW, adamL2), "L2 through Adam's normalisation is not decoupled decay");
    assertThrows(IllegalArgumentException.class,
        () -> new Trainer(Model.of(TinyDenseNet.class), new Sgd()::step, new Trainer.Config(1, 1, 0, 1),
            options(0, decay, true)));
  }

  @Test
  void augmentationIsTheSameOnAnyThreadCountAndChangesTraining() {
    Dataset data = ToyData.separable(203, 5);
    Augmentation aug = new Augmentation(1, true, 0, -0.5f);
    float[] one = train(data, 1, aug);
    assertArrayEquals(one, train(data, 3, aug));
    assertArrayEquals(one, train(data, 8, aug));
    assertFalse(Arrays.equals(one, train(data, 2, Augmentation.NONE)));
  }

  private static float[] train(Dataset data, int threads, Augmentation aug) {
    Model model = Model.of(TinyDenseNet.class);
    Initializer.initialize(model, 99);
    try (Trainer t = new Trainer(model, new Adam(0.01), new Trainer.Config(2, 32, 11, threads),
        new TrainingOptions(0.1f, 1, 0.001f, true, aug))) {
      t.fit(data, null);
    }
    return model.parameters().clone();
  }

  @Test
  void augmentationFlipsAndShiftsWithTheFillValue() {
    float[] image = {1, 2, 3, 4, 5, 6}; // 1 x 2 x 3
    float[] out = new float[6];
    boolean flipped = false;
    boolean kept = false;
    for (int sample = 0; sample < 50; sample++) {
      new Augmentation(0, true, 0, 0).apply(image, 0, 1, 2, 3, Augmentation.key(1, 1, sample), out, 0);
      flipped |= Arrays.equals(out, new float[] {3, 2, 1, 6, 5, 4});
      kept |= Arrays.equals(out, image);
      assertTrue(Arrays.equals(out, image) || Arrays.equals(out, new float[] {3, 2, 1, 6, 5, 4}));
    }
    assertTrue(flipped && kept, "both outcomes occur");
    boolean shifted = false;
    for (int sample = 0; sample < 50; sample++) {
      new Augmentation(1, false, 0, -9).apply(image, 0, 1, 2, 3, Augmentation.key(1, 1, sample), out, 0);
      for (int y = 0; y < 2; y++) {
        for (int x = 0; x < 3; x++) {
          float v = out[y * 3 + x];
          assertTrue(v == -9 || Math.abs((v - 1) % 3 - x) <= 1, Arrays.toString(out));
        }
      }
      shifted |= out[0] == -9;
    }
    assertTrue(shifted);
  }

  @Test
  void aNonFiniteGradientNamesTheLayerNearestTheOutput() {
    float[] images = ToyData.separable(16, 1).images().clone();
    images[5] = Float.NaN;
    Dataset bad = new Dataset("bad", 1, 1, 4, images, ToyData.separable(16, 1).labels(), 3);
    Model model = Model.of(TinyMlpNet.class);
    Initializer.initialize(model, 1);
    float[] before = model.parameters().clone();
    try (Trainer t = new Trainer(model, new Adam(), new Trainer.Config(1, 16, 0, 2))) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.runEpoch(bad, 1));
      assertEquals("training diverged at epoch 1, batch 1: loss NaN, the first non-finite gradient, going back from "
          + "the output, is layer fc2 (fc2.bias); the learning rate (0.001) may be too high", e.getMessage());
    }
    assertArrayEquals(before, model.parameters(), "no step with a non-finite gradient");
  }

  @Test
  void anUpdateThatOverflowsInTheLastBatchIsNotSavedSilently() {
    Dataset data = ToyData.separable(40, 1);
    int[] steps = {0};
    Sgd sgd = new Sgd(0.1);
    Optimizer overflowing = (p, g) -> {
      sgd.step(p, g);
      if (++steps[0] == 5) {
        p[31] = Float.POSITIVE_INFINITY;
      }
    };
    Model model = Model.of(TinyMlpNet.class);
    Initializer.initialize(model, 1);
    try (Trainer t = new Trainer(model, overflowing, new Trainer.Config(1, 8, 0, 2))) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.fit(data, null));
      assertEquals("training diverged at epoch 1, batch 5: the update made the parameters of layer fc2 (fc2.weight) "
          + "non-finite; lower the learning rate", e.getMessage());
    }
  }

  private static double[] box(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
