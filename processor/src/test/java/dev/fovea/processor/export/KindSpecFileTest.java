package dev.fovea.processor.export;

import static dev.fovea.annotations.Activation.LINEAR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fovea.annotations.FixedKernel;
import dev.fovea.processor.Messages;
import dev.fovea.processor.model.NetworkSpec;
import dev.fovea.processor.model.PaddingSpec;
import dev.fovea.processor.op.FixedConv2DKind;
import dev.fovea.processor.op.GaussianPoolingKind;
import dev.fovea.processor.op.LocalResponseNormKind;
import dev.fovea.processor.testing.Specs;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The spec reader checks issue 9's kinds as strictly as their annotations: an edited layer description with a
 * value the parser would have refused is an error that names the key.
 */
class KindSpecFileTest {
  private static final String SPEC = SpecFile.write(Specs.network(Specs.input(2, 8, 8),
      new LocalResponseNormKind.Spec("lrn", 3, 0.5, 0.75, 2),
      new GaussianPoolingKind.Spec("pool", 2, 2, 2, 2, 0.8),
      new FixedConv2DKind.Spec("given", FixedKernel.CONSTANTS, 1, 2, 0, List.of(0.25, -1.5), 1, 1,
          PaddingSpec.VALID),
      Specs.dense("out", 3, LINEAR)));

  private static String refused(String from, String to) {
    String edited = SPEC.replace(from, to);
    assertEquals(false, edited.equals(SPEC), () -> from + " is not in\n" + SPEC);
    return assertThrows(IllegalArgumentException.class, () -> SpecFile.read(edited)).getMessage();
  }

  @Test
  void theNewKindsSurviveTheirSpecForm() {
    NetworkSpec read = SpecFile.read(SPEC);
    assertEquals(SPEC, SpecFile.write(read));
  }

  @Test
  void negativeAlphaAndZeroK() {
    assertEquals("key 'layer.0.alpha': " + String.format(Messages.LRN_ALPHA, -0.5), refused("alpha=0.5", "alpha=-0.5"));
    assertEquals("key 'layer.0.k': " + String.format(Messages.LRN_K, 0.0), refused("k=2.0", "k=0"));
  }

  @Test
  void sigmaThatIsNotANumber() {
    assertEquals("key 'layer.1.sigma' has 'NaN': numbers must be finite", refused("sigma=0.8", "sigma=NaN"));
    assertEquals("key 'layer.1.sigma': " + String.format(Messages.SIGMA, -1.0), refused("sigma=0.8", "sigma=-1"));
  }

  @Test
  void constantsOfTheWrongCountAndUnknownKernels() {
    assertEquals("key 'layer.2.weights': " + String.format(Messages.WEIGHTS_COUNT, 2, 3),
        refused("weights=0.25,-1.5", "weights=0.25,-1.5,2"));
    assertEquals("key 'layer.2.kernel' has unknown kernel 'SHARPEN'", refused("kernel=CONSTANTS", "kernel=SHARPEN"));
  }
}
