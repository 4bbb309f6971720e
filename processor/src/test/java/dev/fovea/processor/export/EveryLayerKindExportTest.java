package dev.fovea.processor.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fovea.processor.model.NetworkSpec;
import dev.fovea.processor.write.Backend;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every layer kind and option of {@code NetworkCases}: the spec survives its resource format, and the exported
 * forward-only class (keeping only the scratch buffers its forward pass reads) compiles and gives the runtime's
 * probabilities, on the portable pass and on the Vector API pass (against the runtime's vector class): bit for bit,
 * or within 1e-5 relative where the exporter folded a batch norm into the layer before it.
 */
class EveryLayerKindExportTest {
  private static final List<String> AWKWARD_LABELS = List.of(" leading blank", "a=b:c#!", "back\\slash",
      "new\nline", "ünïcödé €", "");

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.fovea.processor.testing.NetworkCases#all")
  void specSurvivesItsResourceFormat(String name, NetworkSpec spec) {
    assertEquals(spec, SpecFile.read(SpecFile.write(spec)));
    NetworkSpec labelled = new NetworkSpec(spec.packageName(), spec.userClassName(), spec.generatedClassName(),
        spec.input(), spec.layers(), AWKWARD_LABELS);
    assertEquals(labelled, SpecFile.read(SpecFile.write(labelled)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.fovea.processor.testing.NetworkCases#all")
  void exportedForwardPassEqualsTheRuntimes(String name, NetworkSpec spec) throws Exception {
    ExportedForward.compare(name, spec, Backend.PORTABLE, 11);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.fovea.processor.testing.NetworkCases#all")
  void exportedVectorPassEqualsTheRuntimesVectorClass(String name, NetworkSpec spec) throws Exception {
    ExportedForward.compare(name, spec, Backend.VECTOR, 12);
  }
}
