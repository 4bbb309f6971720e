package dev.fovea.spark;

import dev.fovea.runtime.Checkpoint;
import dev.fovea.runtime.DataFileException;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.Optimizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The runtime's checkpoint file (weights, optimiser state and position, SHA-256 sealed) kept on the cluster's
 * file system, so that a driver that dies resumes at the step after the last checkpoint with the same bits.
 */
final class SparkCheckpoints {

  /** The layout this version writes and resumes from. */
  static final String FORMAT = "fovea-spark-checkpoint/1";

  private final Path file;
  private final int everySteps;
  private final String fingerprint;
  private final Configuration conf;

  /** The position a checkpoint restored: the epoch, the batches of it done and their loss sum and correct count. */
  record Position(int epoch, int batch, double lossSum, long correct) {}

  SparkCheckpoints(String file, int everySteps, String fingerprint, Configuration conf) {
    if (everySteps <= 0) {
      throw new IllegalArgumentException("checkpoint every positive number of steps, not " + everySteps);
    }
    this.file = new Path(file);
    this.everySteps = everySteps;
    this.fingerprint = fingerprint;
    this.conf = conf;
  }

  /** Whether a checkpoint is due after {@code steps} steps. */
  boolean due(long steps) {
    return steps % everySteps == 0;
  }

  /** Writes one locally (atomically, as the runtime does), then moves it over the previous one in two renames. */
  void save(Model model, Optimizer optimizer, Position position) {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("format", FORMAT);
    state.put("fingerprint", fingerprint);
    state.put("network", model.name());
    state.put("epoch", position.epoch());
    state.put("batch", position.batch());
    state.put("lossSum", position.lossSum());
    state.put("correct", position.correct());
    state.put("iterations", optimizer.iterations());
    float[][] moments = optimizer.state(model.parameterCount());
    state.put("optimizerArrays", moments.length);
    List<float[]> arrays = new ArrayList<>();
    arrays.add(model.parameters());
    arrays.addAll(List.of(moments));
    try {
      java.nio.file.Path local = Files.createTempFile("fovea-spark", ".checkpoint");
      try {
        new Checkpoint(state, arrays).write(local);
        FileSystem fs = file.getFileSystem(conf);
        Path next = file.suffix(".next");
        fs.copyFromLocalFile(false, true, new Path(local.toUri()), next);
        // A kill between these leaves the sealed .next beside the old file; restore prefers it.
        fs.delete(file, false);
        fs.rename(next, file);
      } finally {
        Files.deleteIfExists(local);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
    }
  }

  /** Restores weights and optimiser state from a matching checkpoint; null when there is none to resume. */
  Position restore(Model model, Optimizer optimizer, Consumer<String> log) {
    try {
      FileSystem fs = file.getFileSystem(conf);
      Path source = fs.exists(file.suffix(".next")) ? file.suffix(".next") : file;
      if (!fs.exists(source)) {
        return null;
      }
      java.nio.file.Path local = Files.createTempFile("fovea-spark", ".checkpoint");
      try {
        fs.copyToLocalFile(false, source, new Path(local.toUri()), true);
        return restore(Checkpoint.read(local), model, optimizer, log);
      } finally {
        Files.deleteIfExists(local);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
    }
  }

  private Position restore(Checkpoint c, Model model, Optimizer optimizer, Consumer<String> log) {
    Map<String, Object> s = c.state();
    if (!FORMAT.equals(s.get("format")) || !fingerprint.equals(s.get("fingerprint"))) {
      log.accept("Starting over: " + file + " is from another network, data set or settings");
      return null;
    }
    int n = model.parameterCount();
    float[][] moments = optimizer.state(n);
    if (!(s.get("optimizerArrays") instanceof Number count) || count.intValue() != moments.length
        || c.arrays().size() != 1 + moments.length || c.arrays().stream().anyMatch(a -> a.length != n)) {
      throw new DataFileException(file.toString(), "does not fit " + model.name() + " and " + optimizer
          + ": delete it to start over", null);
    }
    System.arraycopy(c.arrays().get(0), 0, model.parameters(), 0, n);
    for (int i = 0; i < moments.length; i++) {
      System.arraycopy(c.arrays().get(1 + i), 0, moments[i], 0, n);
    }
    optimizer.restoreIterations(((Number) s.get("iterations")).longValue());
    Position p = new Position(((Number) s.get("epoch")).intValue(), ((Number) s.get("batch")).intValue(),
        ((Number) s.get("lossSum")).doubleValue(), ((Number) s.get("correct")).longValue());
    log.accept("Resuming from " + file + " (epoch " + p.epoch() + ", batch " + p.batch() + ")");
    return p;
  }
}
