package dev.fovea.benchmarks;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Times an exported classifier's {@code predict} over every image of a gzipped IDX file, round after round, and
 * prints the microseconds per image of each round, then the median and minimum of the second half and the
 * backend the classifier ran. A loop, not JMH: it measures the jar as users deploy it, on either forward pass.
 *
 * <pre>
 * java [--add-modules jdk.incubator.vector] -cp benchmarks/target/benchmarks.jar:example-project/target/fovea/export/lenet5-classifier.jar \
 *     dev.fovea.benchmarks.ClassifierSpeed dev.fovea.example.LeNet5Classifier \
 *     example-project/data/fashion-mnist-slice/t10k-images-idx3-ubyte.gz 30
 * </pre>
 */
public final class ClassifierSpeed {
  private ClassifierSpeed() {}

  public static void main(String[] args) throws Throwable {
    if (args.length != 3) {
      System.err.println("usage: ClassifierSpeed CLASSIFIER_CLASS IMAGES.idx.gz ROUNDS");
      System.exit(2);
    }
    Class<?> classifier = Class.forName(args[0]);
    MethodHandle predict = MethodHandles.publicLookup().findStatic(classifier, "predict",
        MethodType.methodType(int.class, float[].class));
    float[][] images = read(Path.of(args[1]));
    int rounds = Integer.parseInt(args[2]);
    double[] micros = new double[rounds];
    long checksum = 0;
    for (int r = 0; r < rounds; r++) {
      long start = System.nanoTime();
      for (float[] image : images) {
        checksum += (int) predict.invokeExact(image);
      }
      micros[r] = (System.nanoTime() - start) / 1e3 / images.length;
      System.out.printf(Locale.ROOT, "round %d: %.1f us/image%n", r, micros[r]);
    }
    double[] late = Arrays.copyOfRange(micros, rounds / 2, rounds);
    Arrays.sort(late);
    System.out.printf(Locale.ROOT, "%s backend, rounds %d-%d: median %.1f us/image, min %.1f (checksum %d)%n",
        classifier.getMethod("backend").invoke(null), rounds / 2, rounds - 1,
        (late[(late.length - 1) / 2] + late[late.length / 2]) / 2, late[0], checksum);
  }

  /** The images of a gzipped IDX file, pixels / 255 as the classifier's own IDX reader scales them. */
  private static float[][] read(Path file) throws IOException {
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
      int dims = in.readInt() & 0xFF;
      int count = in.readInt();
      int size = 1;
      for (int d = 1; d < dims; d++) {
        size *= in.readInt();
      }
      float[][] images = new float[count][size];
      byte[] bytes = new byte[size];
      for (float[] image : images) {
        in.readFully(bytes);
        for (int k = 0; k < size; k++) {
          image[k] = (bytes[k] & 0xFF) / 255f;
        }
      }
      return images;
    }
  }
}
