package dev.fovea.report;

import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.Model;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The test images the model gets most wrong: misclassified, ordered by the probability it gave the true label. */
final class Predictions {
  private Predictions() {}

  /** A misclassified image with its {@code top} classes, best first, and their probabilities. */
  record Miss(int index, int label, double trueProbability, int[] top, double[] probabilities) {}

  static List<Miss> worst(Model model, Dataset test, int count, int topK) {
    Model replica = model.replica();   // the caller's model keeps its buffers
    int n = model.outputSize();
    int k = Math.min(topK, n);
    double[] p = new double[n];
    List<Miss> misses = new ArrayList<>();
    for (int i = 0; i < test.size(); i++) {
      float[] out = replica.forward(test.images(), test.offset(i));
      softmax(out, n, model.outputActivation(), p);
      int label = test.labels()[i];
      int[] top = top(p, k);
      if (top[0] != label) {
        double[] probabilities = new double[k];
        for (int j = 0; j < k; j++) {
          probabilities[j] = p[top[j]];
        }
        misses.add(new Miss(i, label, p[label], top, probabilities));
      }
    }
    // Lowest probability for the truth first; the index breaks ties so the choice is reproducible.
    misses.sort(Comparator.comparingDouble(Miss::trueProbability).thenComparingInt(Miss::index));
    return List.copyOf(misses.subList(0, Math.min(count, misses.size())));
  }

  /** Probabilities: softmax of the logits for a SOFTMAX network, else the outputs as they are. */
  static void softmax(float[] out, int n, String activation, double[] p) {
    if (!activation.equals("SOFTMAX")) {
      for (int i = 0; i < n; i++) {
        p[i] = out[i];
      }
      return;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, out[i]);
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      p[i] = Math.exp(out[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < n; i++) {
      p[i] /= sum;
    }
  }

  /** Indices of the {@code k} largest values, largest first; ties go to the lower index like Model.predict. */
  static int[] top(double[] p, int k) {
    int[] top = new int[k];
    boolean[] taken = new boolean[p.length];
    for (int j = 0; j < k; j++) {
      int best = -1;
      for (int i = 0; i < p.length; i++) {
        if (!taken[i] && (best < 0 || p[i] > p[best])) {
          best = i;
        }
      }
      taken[best] = true;
      top[j] = best;
    }
    return top;
  }
}
