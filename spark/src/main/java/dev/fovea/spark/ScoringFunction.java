package dev.fovea.spark;

import dev.fovea.runtime.Model;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;

/**
 * The scoring UDF: Spark deserialises one copy per task, so the replica it makes on first use (over the broadcast
 * weights, shared by every task of the executor) is one per task, reused for all the task's rows. A UDF leaves the
 * other columns in Spark's own format, where a row-by-row map would convert every column both ways.
 */
final class ScoringFunction implements UDF1<Object, Row> {

  private static final long serialVersionUID = 1L;

  private final String network;
  private final Broadcast<float[]> weights;
  private final List<String> labels;
  private transient Model replica;
  private transient float[] input;
  private transient float[] probabilities;
  private transient boolean softmax;

  ScoringFunction(String network, Broadcast<float[]> weights, List<String> labels) {
    this.network = network;
    this.weights = weights;
    this.labels = labels;
  }

  @Override
  public Row call(Object cell) {
    if (replica == null) {
      replica = Networks.bind(network, weights.value()).replica();
      input = new float[replica.inputSize()];
      probabilities = new float[replica.outputSize()];
      softmax = replica.outputActivation().equals("SOFTMAX");
    }
    Scoring.copyCell(cell, input);
    int predicted = Scoring.score(replica, input, softmax, probabilities);
    double[] p = new double[probabilities.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = probabilities[i];
    }
    return labels == null ? RowFactory.create((double) predicted, Vectors.dense(p))
        : RowFactory.create((double) predicted, Vectors.dense(p), labels.get(predicted));
  }

}
