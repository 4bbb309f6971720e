package dev.fovea.spark;

import java.io.Serializable;

/** What a task returns for one shard of a step: the shard's summed gradient, loss and correct count. */
record ShardGradient(int shard, float[] gradient, double loss, int correct) implements Serializable {}
