package dev.fovea.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import scala.Tuple2;

/**
 * The samples one task holds for an epoch: every sample of the shards it computes, sorted by epoch position,
 * with their data-set indices, images packed in one array so that a step reads them without allocating.
 */
record ShardBlock(int[] positions, int[] indices, float[] images, int[] labels, int imageSize) implements Serializable {

  /** Packs a partition of (epoch position, sample) pairs. */
  static ShardBlock of(Iterator<Tuple2<Integer, Sample>> samples, int imageSize) {
    List<Tuple2<Integer, Sample>> list = new ArrayList<>();
    samples.forEachRemaining(list::add);
    list.sort(Comparator.comparingInt(Tuple2::_1));
    int n = list.size();
    int[] positions = new int[n];
    float[] images = new float[n * imageSize];
    int[] labels = new int[n];
    int[] indices = new int[n];
    for (int i = 0; i < n; i++) {
      positions[i] = list.get(i)._1();
      indices[i] = list.get(i)._2().index();
      System.arraycopy(list.get(i)._2().image(), 0, images, i * imageSize, imageSize);
      labels[i] = list.get(i)._2().label();
    }
    return new ShardBlock(positions, indices, images, labels, imageSize);
  }

  /** Index (in this block) of epoch position {@code position}, which must be here. */
  int indexOf(int position) {
    int i = Arrays.binarySearch(positions, position);
    if (i < 0) {
      throw new IllegalStateException("epoch position " + position + " is not in this task's block");
    }
    return i;
  }

  /** One labelled image and its index in the data set (which keys dropout's masks), as a row becomes. */
  record Sample(int index, float[] image, int label) implements Serializable {}
}
