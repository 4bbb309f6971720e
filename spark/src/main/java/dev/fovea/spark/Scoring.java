package dev.fovea.spark;

import dev.fovea.runtime.Model;
import dev.fovea.runtime.SoftmaxCrossEntropy;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.apache.spark.sql.Row;

/** One sample scored as the runtime scores it, and image cells read from Spark rows without copies where possible. */
final class Scoring {

  private Scoring() {}

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

  /** Copies the image in column {@code index} of {@code row} into {@code input}; see {@link #copyCell}. */
  static void copyInput(Row row, int index, float[] input) {
    copyCell(row.get(index), input);
  }

  /** Copies an array<float> (or other numeric array) cell into {@code input}, refusing a wrong length or a null. */
  static void copyCell(Object cell, float[] input) {
    if (cell == null) {
      throw new IllegalArgumentException("an image is null; filter such rows out first");
    }
    Object array = backing(cell);
    if (array instanceof float[] floats) {
      checkLength(floats.length, input.length);
      System.arraycopy(floats, 0, input, 0, input.length);
      return;
    }
    if (array instanceof Object[] boxed) {
      // Spark's usual form of array<float>: boxed Floats behind a Scala wrapper; read them without a Java view.
      checkLength(boxed.length, input.length);
      for (int i = 0; i < input.length; i++) {
        input[i] = ((Number) boxed[i]).floatValue();
      }
      return;
    }
    scala.collection.Seq<?> values = (scala.collection.Seq<?>) cell;
    checkLength(values.length(), input.length);
    for (int i = 0; i < input.length; i++) {
      input[i] = ((Number) values.apply(i)).floatValue();
    }
  }

  /**
   * The Java array behind a cell, or null: a stage fused into the same task hands over its own float[], and Spark
   * wraps arrays in Scala's WrappedArray (2.12, {@code array()}) or ArraySeq (2.13, {@code unsafeArray()}), looked
   * up by name so that this class links against either Scala version.
   */
  private static Object backing(Object cell) {
    if (cell instanceof float[]) {
      return cell;
    }
    MethodHandle unwrap = UNWRAP.get(cell.getClass());
    if (unwrap == null) {
      return null;
    }
    try {
      return unwrap.invoke(cell);
    } catch (Throwable t) {
      return null;
    }
  }

  private static final ClassValue<MethodHandle> UNWRAP = new ClassValue<>() {
    @Override
    protected MethodHandle computeValue(Class<?> type) {
      for (String accessor : new String[] {"array", "unsafeArray"}) {
        for (Class<?> returned : new Class<?>[] {Object.class, float[].class, Object[].class}) {
          try {
            return MethodHandles.publicLookup().findVirtual(type, accessor, MethodType.methodType(returned))
                .asType(MethodType.methodType(Object.class, Object.class));
          } catch (ReflectiveOperationException e) {
            // Not this Scala version's accessor or erasure; try the next.
          }
        }
      }
      return null;
    }
  };

  private static void checkLength(int values, int inputs) {
    if (values != inputs) {
      throw new IllegalArgumentException("an image has " + values + " values but the network takes " + inputs
          + " (channels x height x width)");
    }
  }
}
