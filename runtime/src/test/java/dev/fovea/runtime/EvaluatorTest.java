package dev.fovea.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Evaluation metrics, their formatting, and evaluation that does not depend on the thread count. */
class EvaluatorTest {

  @Test
  void metricsFromAKnownConfusionMatrix() {
    int[][] m = {{5, 1, 0, 0}, {2, 3, 1, 0}, {0, 0, 4, 0}, {0, 0, 0, 0}};
    Evaluation e = new Evaluation(0.5, 2, 0.9, m);
    m[0][0] = 99;
    assertEquals(5, e.confusion()[0][0], "the record keeps its own copy");
    assertEquals(16, e.count());
    assertEquals(12.0 / 16, e.accuracy(), 1e-12);
    assertEquals(5.0 / 7, e.precision(0), 1e-12);
    assertEquals(5.0 / 6, e.recall(0), 1e-12);
    assertEquals(3.0 / 4, e.precision(1), 1e-12);
    assertEquals(3.0 / 6, e.recall(1), 1e-12);
    assertEquals(4.0 / 5, e.precision(2), 1e-12);
    assertEquals(1.0, e.recall(2), 1e-12);
    assertEquals(0.0, e.precision(3));
    assertEquals(0.0, e.recall(3));
    String text = e.format(List.of("cat", "dog", "Ankle boot", "none"));
    String[] lines = text.split("\n");
    assertEquals("loss 0.5000  accuracy 75.00 %  top-2 accuracy 90.00 %  (16 samples)", lines[0]);
    assertEquals("confusion matrix (rows: true label, columns: predicted label)", lines[1]);
    assertEquals("                0    1    2    3  precision    recall", lines[2]);
    assertEquals("0 cat           5    1    0    0    71.43 %   83.33 %", lines[3]);
    assertEquals("2 Ankle boot    0    0    4    0    80.00 %  100.00 %", lines[5]);
  }

  @Test
  void evaluatesAModelDeterministicallyOnAnyThreadCount() {
    // Output o copies input o, so the prediction is the largest of the first three inputs.
    float[] params = new float[15];
    params[0] = 1;
    params[5] = 1;
    params[10] = 1;
    Model model = Model.of(TinyDenseNet.class, params);
    Dataset data = ToyData.separable(700, 9);
    int[][] expected = new int[3][3];
    double loss = 0;
    int top2 = 0;
    for (int i = 0; i < data.size(); i++) {
      float[] out = model.forward(data.images(), data.offset(i));
      int label = data.labels()[i];
      expected[label][Model.argmax(out, 3)]++;
      loss += SoftmaxCrossEntropy.loss(out, 3, label);
      top2 += Evaluator.rank(out, 3, label) < 2 ? 1 : 0;
    }
    Evaluation one = Evaluator.evaluate(model, data, 2, 1);
    Evaluation four = Evaluator.evaluate(model, data, 2, 4);
    assertArrayEquals(expected, one.confusion());
    assertEquals(loss / data.size(), one.loss(), 1e-9);
    assertEquals((double) top2 / data.size(), one.topKAccuracy(), 1e-12);
    assertEquals(one.loss(), four.loss(), 0.0, "chunked loss sums must not depend on threads");
    assertArrayEquals(one.confusion(), four.confusion());
    assertEquals(one.topKAccuracy(), four.topKAccuracy());
    assertTrue(one.accuracy() > 0.9);
    Evaluation clamped = Evaluator.evaluate(model, data, 5, 2);
    assertEquals(3, clamped.topK());
    assertEquals(1.0, clamped.topKAccuracy());
  }

  @Test
  void aKeptEvaluatorGivesTheOneOffResultAndReadsTheParametersOfEachCall() {
    float[] params = new float[15];
    params[0] = 1;
    params[5] = 1;
    params[10] = 1;
    Model model = Model.of(TinyDenseNet.class, params);
    Dataset data = ToyData.separable(300, 5);
    Evaluator evaluator = new Evaluator(model, 2);
    Evaluation first = evaluator.evaluate(data, 2);
    Evaluation again = evaluator.evaluate(data, 2);
    Evaluation oneOff = Evaluator.evaluate(model, data, 2, 2);
    assertEquals(oneOff.loss(), first.loss(), 0.0);
    assertEquals(first.loss(), again.loss(), 0.0, "a second call on the kept micro-batches gives the same bits");
    assertArrayEquals(oneOff.confusion(), again.confusion());
    // Swap outputs 0 and 1 in place: the kept micro-batches share the parameters, so they predict the swap.
    model.parameters()[0] = 0;
    model.parameters()[5] = 0;
    model.parameters()[1] = 1;
    model.parameters()[4] = 1;
    Evaluation swapped = evaluator.evaluate(data, 2);
    assertEquals(Evaluator.evaluate(model, data, 2, 1).loss(), swapped.loss(), 0.0);
    assertTrue(swapped.accuracy() < first.accuracy(), swapped + " after swapping two outputs");
  }

  @Test
  void aSmallSetStillSplitsIntoMicroBatchChunks() {
    assertEquals(256, Evaluator.chunkSize(1024), "large sets keep 256-sample chunks");
    assertEquals(256, Evaluator.chunkSize(60_000));
    assertEquals(16, Evaluator.chunkSize(32), "32 images make two chunks, one per thread of two");
    assertEquals(16, Evaluator.chunkSize(5));
    assertEquals(48, Evaluator.chunkSize(190), "whole micro-batches of 16");
  }

  @Test
  void rankBreaksTiesTowardsTheLowerIndex() {
    float[] out = {1, 3, 3, 0};
    assertEquals(0, Evaluator.rank(out, 4, 1));
    assertEquals(1, Evaluator.rank(out, 4, 2));
    assertEquals(3, Evaluator.rank(out, 4, 3));
    assertEquals(1, Model.argmax(out, 4));
  }
}
