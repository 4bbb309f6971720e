package dev.fovea.example.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Each landmark network's summary, as the processor compiled it in this build, states the published counts:
 * trainable parameters, and the batch norms' non-trained state apart, as Keras shows them.
 */
class ZooTest {
  private static final Pattern TRAINABLE = Pattern.compile("Total parameters: ([\\d,]+) ");
  private static final Pattern STATE =
      Pattern.compile("Non-trainable state: ([\\d,]+) \\(([\\d,]+) batch-norm running statistics and ([\\d,]+) ");

  @Test
  void torchvisionNetworksHaveTheirPublishedParameterCounts() {
    assertEquals(61_100_840, trainable(AlexNetTorchNet::summary));
    assertEquals(132_863_336, trainable(Vgg11Net::summary));
    assertEquals(6_624_904, trainable(GoogLeNetNet::summary));
    assertEquals(11_689_512, trainable(ResNet18Net::summary));
    assertEquals(21_797_672, trainable(ResNet34Net::summary));
  }

  @Test
  void theCourseTablesAlexNetCountsItsOneTower() {
    // 96-256-384-384-256 filters without the paper's two-GPU groups: more than torchvision's 61,100,840.
    assertEquals(62_378_344, trainable(AlexNetNet::summary));
    assertEquals(-1, state(AlexNetNet::summary)[0]);
    assertEquals("[96, 55, 55]", outputShape(AlexNetNet.summary(), "conv1"));
    assertEquals("[256, 6, 6]", outputShape(AlexNetNet.summary(), "pool3"));
  }

  @Test
  void batchNormStateIsShownApartAsKerasDoes() {
    assertEquals(22_855_952, trainable(XceptionNet::summary));
    long[] state = state(XceptionNet::summary);
    // Keras' 22,910,480 parameters: the trainable ones and the 54,528 moving means and variances; PyTorch's
    // num_batches_tracked (one per batch norm, 40 here) has no counterpart in Keras.
    assertEquals(22_910_480, 22_855_952 + state[1]);
    assertEquals(40, state[2]);
    assertEquals(state[1] + state[2], state[0]);
    assertEquals(9_620, state(ResNet18Net::summary)[0]);
    assertEquals("[2048]", outputShape(XceptionNet.summary(), "avg_pool"));
    assertEquals("[728, 19, 19]", outputShape(XceptionNet.summary(), "block12.add"));
  }

  private static long trainable(Supplier<String> summary) {
    Matcher m = TRAINABLE.matcher(summary.get());
    assertEquals(true, m.find(), summary);
    return number(m.group(1));
  }

  /** Total state, running statistics, counters; {-1} when the summary has no state line. */
  private static long[] state(Supplier<String> summary) {
    Matcher m = STATE.matcher(summary.get());
    return m.find() ? new long[] {number(m.group(1)), number(m.group(2)), number(m.group(3))} : new long[] {-1};
  }

  private static String outputShape(String summary, String layer) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(layer) + " \\(\\w+\\)\\s+(\\[[\\d, ]+\\])").matcher(summary);
    assertEquals(true, m.find(), () -> layer + " not in " + summary);
    return m.group(1);
  }

  private static long number(String digits) {
    return Long.parseLong(digits.replace(",", "").toLowerCase(Locale.ROOT));
  }
}
