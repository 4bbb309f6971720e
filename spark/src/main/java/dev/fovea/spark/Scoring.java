package dev.fovea.spark;

import dev.fovea.runtime.Model;
import dev.fovea.runtime.SoftmaxCrossEntropy;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** What one Spark task does to score its partition: one replica over the broadcast weights, row by row. */
final class Scoring {

  private Scoring() {}

  /**
   * The rows of one partition with prediction and probability appended; {@code labels} non-null appends the
   * predicted label's name too. The replica is made here, once per task, and shares the broadcast array.
   */
  static Iterator<Row> partition(Iterator<Row> rows, String network, Broadcast<float[]> weights, int inputIndex,
      List<String> labels) {
    Model replica = Networks.bind(network, weights.value()).replica();
    float[] input = new float[replica.inputSize()];
    float[] probabilities = new float[replica.outputSize()];
    boolean softmax = replica.outputActivation().equals("SOFTMAX");
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Row next() {
        Row row = rows.next();
        copyInput(row, inputIndex, input);
        int predicted = score(replica, input, softmax, probabilities);
        double[] p = new double[probabilities.length];
        for (int i = 0; i < p.length; i++) {
          p[i] = probabilities[i];
        }
        int width = row.size();
        List<Object> values = new ArrayList<>(width + 3);
        for (int i = 0; i < width; i++) {
          values.add(row.get(i));
        }
        values.add((double) predicted);
        values.add(Vectors.dense(p));
        if (labels != null) {
          values.add(labels.get(predicted));
        }
        return RowFactory.create(values.toArray());
      }
    };
  }

  /**
   * Runs one sample: fills {@code probabilities} (softmax of the logits for a SOFTMAX network, the outputs
   * themselves otherwise, as the runtime's predictions use them) and returns the predicted class.
   */
  static int score(Model replica, float[] input, boolean softmax, float[] probabilities) {
    float[] out = replica.forward(input, 0);
    int n = probabilities.length;
    System.arraycopy(out, 0, probabilities, 0, n);
    if (softmax) {
      SoftmaxCrossEntropy.softmax(probabilities, probabilities);
    }
    // The argmax of the raw outputs, ties to the lower index, exactly as Model.predict.
    int best = 0;
    for (int i = 1; i < n; i++) {
      if (out[i] > out[best]) {
        best = i;
      }
    }
    return best;
  }

  /** Copies an array<float> (or array<double>) cell into {@code input}, refusing a wrong length or a null. */
  static void copyInput(Row row, int index, float[] input) {
    if (row.isNullAt(index)) {
      throw new IllegalArgumentException("image column " + row.schema().fields()[index].name() + " is null in "
          + "a row; filter such rows out first");
    }
    Object cell = row.get(index);
    // A stage fused into the same task (whole-stage code generation) hands over its own float[] unconverted.
    if (cell instanceof float[] floats) {
      checkLength(floats.length, input.length);
      System.arraycopy(floats, 0, input, 0, input.length);
      return;
    }
    List<Object> values = row.getList(index);
    checkLength(values.size(), input.length);
    for (int i = 0; i < input.length; i++) {
      input[i] = ((Number) values.get(i)).floatValue();
    }
  }

  private static void checkLength(int values, int inputs) {
    if (values != inputs) {
      throw new IllegalArgumentException("an image has " + values + " values but the network takes " + inputs
          + " (channels x height x width)");
    }
  }
}
