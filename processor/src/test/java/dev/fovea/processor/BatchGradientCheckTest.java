package dev.fovea.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.processor.model.NetworkPlan;
import dev.fovea.processor.model.NetworkSpec;
import dev.fovea.processor.testing.Generated;
import dev.fovea.processor.testing.NetworkCases;
import dev.fovea.processor.testing.TestNet;
import dev.fovea.processor.write.Backend;
import dev.fovea.processor.write.Precision;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The training pass of batch norm, dropout and max pooling (whose training pass alone records the winners) against
 * central finite differences, in double precision, on both backends: a batch of three samples runs stage by stage
 * as the trainer runs it (one sibling per sample, the batch's sums between stages), and L = sum over samples of
 * r_n . output_n is differentiated with respect to every trained parameter. Batch statistics couple the samples, so this checks what one sample's check cannot.
 */
class BatchGradientCheckTest {
  private static final double STEP = 1e-6;
  private static final int SAMPLES = 3;
  private static final long SEED = 99;

  static Stream<Arguments> cases() {
    return NetworkCases.allBackends().filter(a -> {
      String name = (String) a.get()[0];
      return name.contains("batch norm") || name.contains("dropout") || name.contains("max pooling");
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void trainingGradientsMatchFiniteDifferences(String name, NetworkSpec spec, Backend backend) throws Exception {
    NetworkPlan plan = Generated.plan(spec);
    TestNet root = Generated.instantiate(plan, Precision.DOUBLE, backend);
    Random random = new Random(name.hashCode());
    root.randomize(random);
    Batch batch = new Batch(root.instance(), random, root.inputSize(), plan.output().size());

    root.zeroGradients();
    batch.forward();
    batch.backward();
    double[] analytic = new double[root.parameterCount()];
    for (int i = 0; i < analytic.length; i++) {
      analytic[i] = root.gradient(i);
    }
    for (int i = 0; i < root.parameterCount(); i++) {
      if (!root.trainable(i)) {
        continue;
      }
      double saved = root.parameter(i);
      root.setParameter(i, saved + STEP);
      double plus = batch.forward();
      root.setParameter(i, saved - STEP);
      double minus = batch.forward();
      root.setParameter(i, saved);
      double numeric = (plus - minus) / (2 * STEP);
      double error = Math.abs(numeric - analytic[i]) / Math.max(1e-3, Math.abs(numeric) + Math.abs(analytic[i]));
      assertTrue(error < 1e-6, name + ": parameter " + i + " analytic " + analytic[i] + " numeric " + numeric);
    }
  }

  /** Three samples on three siblings, driven through the generated class's stage methods by reflection. */
  private static final class Batch {
    private final Object[] nets = new Object[SAMPLES];
    private final double[][] inputs = new double[SAMPLES][];
    private final double[][] weights = new double[SAMPLES][];
    private final int stages;
    private final double[] sums;
    private final Method trainForward;
    private final Method trainBackward;
    private final Method forwardSums;
    private final Method backwardSums;
    private final Method setForward;
    private final Method setBackward;

    Batch(Object root, Random random, int inputSize, int outputs) throws ReflectiveOperationException {
      Class<?> type = root.getClass();
      nets[0] = root;
      for (int n = 1; n < SAMPLES; n++) {
        nets[n] = type.getMethod("sibling").invoke(root);
      }
      for (int n = 0; n < SAMPLES; n++) {
        inputs[n] = random.doubles(inputSize, 0, 1).toArray();
        weights[n] = random.doubles(outputs, -1, 1).toArray();
      }
      stages = type.getField("STAGES").getInt(null);
      sums = new double[type.getField("SUMS_SIZE").getInt(null)];
      trainForward = type.getMethod("trainForward", int.class, double[].class, int.class, long.class);
      trainBackward = type.getMethod("trainBackward", int.class, double[].class);
      forwardSums = type.getMethod("forwardSums", int.class, double[].class);
      backwardSums = type.getMethod("backwardSums", int.class, double[].class);
      setForward = type.getMethod("setForwardStatistics", int.class, double[].class, int.class);
      setBackward = type.getMethod("setBackwardStatistics", int.class, double[].class, int.class);
    }

    /** The loss, after every stage of every sample. */
    double forward() throws ReflectiveOperationException {
      double loss = 0;
      for (int s = 0; s < stages; s++) {
        for (int n = 0; n < SAMPLES; n++) {
          double[] out = (double[]) call(trainForward, nets[n], s, inputs[n], 0, SEED + n);
          if (s == stages - 1) {
            for (int o = 0; o < out.length; o++) {
              loss += weights[n][o] * out[o];
            }
          }
        }
        if (s < stages - 1) {
          reduce(forwardSums, setForward, s + 1);
        }
      }
      return loss;
    }

    void backward() throws ReflectiveOperationException {
      for (int s = stages - 1; s >= 0; s--) {
        for (int n = 0; n < SAMPLES; n++) {
          call(trainBackward, nets[n], s, weights[n]);
        }
        if (s >= 1) {
          reduce(backwardSums, setBackward, s);
        }
      }
    }

    private void reduce(Method add, Method set, int stage) throws ReflectiveOperationException {
      java.util.Arrays.fill(sums, 0);
      for (Object net : nets) {
        call(add, net, stage, sums);
      }
      call(set, nets[0], stage, sums, SAMPLES);
    }

    private static Object call(Method method, Object target, Object... args) throws ReflectiveOperationException {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw new AssertionError(e.getCause());
      }
    }
  }
}
