package dev.fovea.spark;

import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.FashionMnist;
import dev.fovea.runtime.TrainTest;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** One real Spark engine (local[2], no UI) shared by the test classes, and the bundled Fashion-MNIST slice. */
final class LocalSpark {

  // From the module's directory (tests) or the repository's (the exec:exec mains).
  static final Path SLICE = java.nio.file.Files.isDirectory(Path.of("example-project"))
      ? Path.of("example-project/data/fashion-mnist-slice") : Path.of("../example-project/data/fashion-mnist-slice");

  private static SparkSession session;
  private static TrainTest slice;

  private LocalSpark() {}

  /** The session; Spark stops it at JVM exit through its own shutdown hook. */
  static SparkSession session() {
    return session("local[2]");
  }

  /**
   * A session on {@code master} (TaskRetryTest's {@code local[2,3]} lets a task fail and be retried): the running
   * one if it has that master, else that one is stopped first, since a JVM runs one SparkContext at a time.
   */
  static synchronized SparkSession session(String master) {
    if (session != null && (session.sparkContext().isStopped() || !session.sparkContext().master().equals(master))) {
      session.stop();
      session = null;
    }
    if (session == null) {
      session = SparkSession.builder()
          .master(master)
          .appName("fovea-spark-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.driver.host", "127.0.0.1")
          .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }

  /** The slice's train and test sets, read once. */
  static synchronized TrainTest slice() {
    if (slice == null) {
      slice = FashionMnist.load(SLICE);
    }
    return slice;
  }

  /** The first {@code n} training images. */
  static Dataset train(int n) {
    return slice().train().slice(0, n);
  }
}
