package dev.fovea.runtime;

import java.util.List;
import java.util.Locale;

/**
 * Classification metrics of a model on a data set; the confusion matrix has one row per true label
 * and one column per predicted label.
 */
public record Evaluation(double loss, int topK, double topKAccuracy, int[][] confusion) {

  /** Copies the matrix and checks it is square. */
  public Evaluation {
    int n = confusion.length;
    int[][] copy = new int[n][];
    for (int i = 0; i < n; i++) {
      if (confusion[i].length != n) {
        throw new IllegalArgumentException("confusion matrix row " + i + " has " + confusion[i].length
            + " columns, expected " + n);
      }
      copy[i] = confusion[i].clone();
    }
    confusion = copy;
  }

  /** A copy of the confusion matrix. */
  @Override
  public int[][] confusion() {
    int[][] copy = new int[confusion.length][];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = confusion[i].clone();
    }
    return copy;
  }

  /** The number of classes, the confusion matrix's side. */
  public int classes() {
    return confusion.length;
  }

  /** Number of evaluated samples. */
  public long count() {
    long total = 0;
    for (int[] row : confusion) {
      for (int v : row) {
        total += v;
      }
    }
    return total;
  }

  /** Fraction of samples whose top prediction is the true label. */
  public double accuracy() {
    long diagonal = 0;
    for (int i = 0; i < confusion.length; i++) {
      diagonal += confusion[i][i];
    }
    long total = count();
    return total == 0 ? 0 : (double) diagonal / total;
  }

  /** Of the samples predicted as {@code c}, the fraction truly {@code c}; 0 if none was predicted. */
  public double precision(int c) {
    long predicted = 0;
    for (int[] row : confusion) {
      predicted += row[c];
    }
    return predicted == 0 ? 0 : (double) confusion[c][c] / predicted;
  }

  /** Of the samples truly {@code c}, the fraction predicted as {@code c}; 0 if there were none. */
  public double recall(int c) {
    long actual = 0;
    for (int v : confusion[c]) {
      actual += v;
    }
    return actual == 0 ? 0 : (double) confusion[c][c] / actual;
  }

  /** The summary line, the confusion matrix and per-class precision and recall as a text table. */
  public String format(List<String> labels) {
    int n = confusion.length;
    if (labels.size() < n) {
      throw new IllegalArgumentException(labels.size() + " labels for " + n + " classes");
    }
    int cell = 5;
    for (int[] row : confusion) {
      for (int v : row) {
        cell = Math.max(cell, Integer.toString(v).length() + 1);
      }
    }
    int labelWidth = 5;
    for (int i = 0; i < n; i++) {
      labelWidth = Math.max(labelWidth, labels.get(i).length());
    }
    String rowHead = "%" + (Integer.toString(n - 1).length()) + "d %-" + labelWidth + "s";
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "loss %.4f  accuracy %.2f %%  top-%d accuracy %.2f %%  (%,d samples)\n",
        loss, accuracy() * 100, topK, topKAccuracy * 100, count()));
    sb.append("confusion matrix (rows: true label, columns: predicted label)\n");
    sb.append(" ".repeat(String.format(Locale.ROOT, rowHead, 0, "").length()));
    for (int j = 0; j < n; j++) {
      sb.append(String.format(Locale.ROOT, "%" + cell + "d", j));
    }
    sb.append("  precision    recall\n");
    for (int i = 0; i < n; i++) {
      sb.append(String.format(Locale.ROOT, rowHead, i, labels.get(i)));
      for (int j = 0; j < n; j++) {
        sb.append(String.format(Locale.ROOT, "%" + cell + "d", confusion[i][j]));
      }
      sb.append(String.format(Locale.ROOT, "  %7.2f %%  %6.2f %%\n", precision(i) * 100, recall(i) * 100));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "loss %.4f, accuracy %.4f, top-%d %.4f over %d samples",
        loss, accuracy(), topK, topKAccuracy, count());
  }
}
