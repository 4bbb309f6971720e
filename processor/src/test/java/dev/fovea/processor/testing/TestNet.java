package dev.fovea.processor.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** A generated network of either precision, driven by reflection with double[] at the boundary. */
public final class TestNet {
  private final Object net;
  private final boolean isFloat;
  private final Method forward;
  private final Method backward;
  private final Object params;
  private final Object grads;
  private final int inputSize;
  private final String[] init;

  private TestNet(Object net) throws ReflectiveOperationException {
    this.net = net;
    Class<?> type = net.getClass();
    this.params = type.getMethod("parameters").invoke(net);
    this.grads = type.getMethod("gradients").invoke(net);
    this.isFloat = params instanceof float[];
    Class<?> array = isFloat ? float[].class : double[].class;
    this.forward = type.getMethod("forward", array, int.class);
    this.backward = type.getMethod("backward", array);
    this.inputSize = type.getField("INPUT_SIZE").getInt(null);
    this.init = initializers(type, parameterCount());
  }

  /** The initialiser name of every index of the flat parameter array. */
  private static String[] initializers(Class<?> type, int count) throws ReflectiveOperationException {
    String[] names = (String[]) type.getMethod("parameterInit").invoke(null);
    int[] offsets = (int[]) type.getMethod("parameterOffsets").invoke(null);
    int[][] shapes = (int[][]) type.getMethod("parameterShapes").invoke(null);
    String[] result = new String[count];
    for (int t = 0; t < names.length; t++) {
      int length = 1;
      for (int d : shapes[t]) {
        length *= d;
      }
      java.util.Arrays.fill(result, offsets[t], offsets[t] + length, names[t]);
    }
    return result;
  }

  /** Whether index i is a trained parameter rather than state such as a batch norm's running statistics. */
  public boolean trainable(int i) {
    return !init[i].startsWith("buffer:");
  }

  /**
   * One draw per index: parameters and running means uniform in [-0.5, 0.5), running variances in [0.5, 1.5) (a
   * variance must be positive), counts 0.
   */
  public void randomize(java.util.Random random) {
    for (int i = 0; i < parameterCount(); i++) {
      double r = random.nextDouble();
      setParameter(i, switch (init[i]) {
        case "buffer:ones" -> r + 0.5;
        case "buffer:count" -> 0;
        default -> r - 0.5;
      });
    }
  }

  static TestNet of(Class<?> type) {
    try {
      return new TestNet(type.getConstructor().newInstance());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  public int inputSize() {
    return inputSize;
  }

  public int parameterCount() {
    return isFloat ? ((float[]) params).length : ((double[]) params).length;
  }

  public double parameter(int i) {
    return isFloat ? ((float[]) params)[i] : ((double[]) params)[i];
  }

  public void setParameter(int i, double value) {
    if (isFloat) {
      ((float[]) params)[i] = (float) value;
    } else {
      ((double[]) params)[i] = value;
    }
  }

  public double gradient(int i) {
    return isFloat ? ((float[]) grads)[i] : ((double[]) grads)[i];
  }

  public void zeroGradients() {
    for (int i = 0; i < parameterCount(); i++) {
      if (isFloat) {
        ((float[]) grads)[i] = 0;
      } else {
        ((double[]) grads)[i] = 0;
      }
    }
  }

  public double[] forward(double[] input) {
    Object result = call(forward, convert(input), 0);
    return toDouble(result);
  }

  public void backward(double[] outputGradient) {
    call(backward, convert(outputGradient));
  }

  public Object instance() {
    return net;
  }

  private Object convert(double[] values) {
    if (!isFloat) {
      return values.clone();
    }
    float[] result = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = (float) values[i];
    }
    return result;
  }

  private static double[] toDouble(Object array) {
    if (array instanceof double[] d) {
      return d.clone();
    }
    float[] f = (float[]) array;
    double[] result = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      result[i] = f[i];
    }
    return result;
  }

  private Object call(Method method, Object... args) {
    try {
      return method.invoke(net, args);
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    } catch (InvocationTargetException e) {
      throw new AssertionError(e.getCause());
    }
  }
}
