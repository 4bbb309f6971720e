package dev.fovea.example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.Evaluation;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.TrainTest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The generated waveform task and the 1-D network the main job trains on it with {@code --network signal1d}. */
class Signal1DTest {

  @Test
  void theNetworkReadsSequencesAndHasPyTorchsConv1dShapes() {
    Model model = Model.forNetwork(Signal1D.class);
    assertEquals(Waveforms.LABELS, model.labels());
    assertEquals(1, model.inputChannels());
    assertEquals(1, model.inputHeight());
    assertEquals(Waveforms.LENGTH, model.inputWidth());
    assertEquals("[16,1,7]", model.parameterSpec("conv1.weight").shapeString());
    assertEquals("[32,16,5]", model.parameterSpec("conv2.weight").shapeString());
    assertEquals("[5,32]", model.parameterSpec("output.weight").shapeString());
    assertEquals(5_989, model.parameterCount());
    assertTrue(model.summary().contains("conv1 (Conv1D)         [16, 128]"), model.summary());
  }

  @Test
  void theGeneratorIsSeededAndBalanced() {
    TrainTest a = Waveforms.task(20, 5, 7);
    TrainTest b = Waveforms.task(20, 5, 7);
    assertArrayEquals(a.train().images(), b.train().images());
    assertArrayEquals(a.test().images(), b.test().images());
    assertFalse(Arrays.equals(a.train().images(), Waveforms.task(20, 5, 8).train().images()));
    assertFalse(Arrays.equals(Arrays.copyOf(a.train().images(), 5 * Waveforms.LENGTH),
        Arrays.copyOf(a.test().images(), 5 * Waveforms.LENGTH)), "the test set is drawn apart from the training set");
    assertEquals(100, a.train().size());
    int[] counts = new int[Waveforms.LABELS.size()];
    for (int label : a.train().labels()) {
      counts[label]++;
    }
    assertArrayEquals(new int[] {20, 20, 20, 20, 20}, counts);
  }

  @Test
  void aLinearModelOfTheRawSamplesStaysNearChance() {
    TrainTest data = Waveforms.task(400, 200, 42);
    double accuracy = SoftmaxRegression.fit(data.train(), 30, 0.05).accuracy(data.test());
    System.out.printf("softmax regression on the raw samples: test accuracy %.3f%n", accuracy);
    assertTrue(accuracy < 0.45, "softmax regression reached " + accuracy);
  }

  @Test
  void aBriefTrainingLearnsTheTaskFarAboveChance() {
    Model model = Model.forNetwork(Signal1D.class);
    TrainTest data = Waveforms.task(300, 100, 42);
    Options options = Options.parse(new String[] {"--network", "signal1d", "--epochs", "4", "--lr", "0.003",
        "--threads", "1"});
    assertEquals("Signal1D", options.network());
    Evaluation test = SignalJob.train(model, data, options);
    System.out.printf("Signal1D after 4 epochs of 1,500 signals: test accuracy %.3f%n", test.accuracy());
    assertTrue(test.accuracy() > 0.6, "test accuracy " + test.accuracy() + " after 4 epochs of 1,500 signals");
  }

  /** Plain multinomial logistic regression on the raw samples by full-batch gradient descent: the linear baseline. */
  private record SoftmaxRegression(double[][] weights, double[] bias) {
    static SoftmaxRegression fit(Dataset train, int epochs, double rate) {
      int k = train.classes();
      int d = train.imageSize();
      SoftmaxRegression model = new SoftmaxRegression(new double[k][d], new double[k]);
      for (int epoch = 0; epoch < epochs; epoch++) {
        for (int i = 0; i < train.size(); i++) {
          double[] p = model.probabilities(train.images(), train.offset(i), d);
          for (int c = 0; c < k; c++) {
            double g = p[c] - (train.labels()[i] == c ? 1 : 0);
            for (int j = 0; j < d; j++) {
              model.weights[c][j] -= rate * g * train.images()[train.offset(i) + j];
            }
            model.bias[c] -= rate * g;
          }
        }
      }
      return model;
    }

    double[] probabilities(float[] x, int offset, int d) {
      double[] z = new double[bias.length];
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < z.length; c++) {
        z[c] = bias[c];
        for (int j = 0; j < d; j++) {
          z[c] += weights[c][j] * x[offset + j];
        }
        max = Math.max(max, z[c]);
      }
      double sum = 0;
      for (int c = 0; c < z.length; c++) {
        z[c] = Math.exp(z[c] - max);
        sum += z[c];
      }
      for (int c = 0; c < z.length; c++) {
        z[c] /= sum;
      }
      return z;
    }

    double accuracy(Dataset test) {
      int right = 0;
      for (int i = 0; i < test.size(); i++) {
        double[] p = probabilities(test.images(), test.offset(i), test.imageSize());
        int best = 0;
        for (int c = 1; c < p.length; c++) {
          best = p[c] > p[best] ? c : best;
        }
        right += best == test.labels()[i] ? 1 : 0;
      }
      return (double) right / test.size();
    }
  }
}
