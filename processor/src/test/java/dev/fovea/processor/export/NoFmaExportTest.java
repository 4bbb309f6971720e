package dev.fovea.processor.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fovea.processor.testing.CompiledProject;
import dev.fovea.processor.testing.Jdk;
import dev.fovea.processor.write.FmaCode;
import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.SoftmaxCrossEntropy;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported classifier in a JVM without hardware FMA ({@code -XX:UseAVX=0} or {@code -XX:-UseFMA}, on x86):
 * both forward passes find it out when they initialise and multiply and add, so every image's probabilities are
 * bit for bit those of the runtime's class forced onto that path ({@code -Dfovea.fma=false}), not the fused ones,
 * and within the float-vs-double tolerance of the fused logits.
 */
class NoFmaExportTest {
  private static final String VECTOR_MODULE = "jdk.incubator.vector";
  private static final Pattern PROBABILITY = Pattern.compile("\"class\": (\\d+), \"probability\": ([^}]+)}");

  @TempDir static Path dir;
  static LeNet5Export lenet;
  static ExportResult jar;
  /** Logits of every test image: the fused path (this machine's default) and multiply-add, on each backend. */
  static float[][] fusedPortable;
  static float[][] fusedVector;
  static float[][] separatePortable;
  static float[][] separateVector;

  @BeforeAll
  static void exportAndRunTheRuntimesClassesBothWays() throws Exception {
    Path project = dir.resolve("project");
    lenet = new LeNet5Export(project, true);
    jar = lenet.export().writeJar(dir.resolve("lenet5-classifier.jar"));
    float[] params = lenet.model.parameters();
    fusedPortable = logits(Model.of(lenet.classes.loadClass(LeNet5Export.GENERATED), params));
    fusedVector = logits(Model.of(lenet.classes.loadClass(LeNet5Export.GENERATED + "Vector"), params));
    System.setProperty(FmaCode.PROPERTY, "false");
    // A fresh loader: the classes initialise again and read the property.
    try (URLClassLoader separate = CompiledProject.loader(project)) {
      separatePortable = logits(Model.of(separate.loadClass(LeNet5Export.GENERATED), params));
      separateVector = logits(Model.of(separate.loadClass(LeNet5Export.GENERATED + "Vector"), params));
    } finally {
      System.clearProperty(FmaCode.PROPERTY);
    }
  }

  private static float[][] logits(Model model) {
    Dataset test = lenet.rawTest.standardized(lenet.mean, lenet.std);
    float[][] logits = new float[test.size()][];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = model.forward(test.images(), test.offset(i)).clone();
    }
    return logits;
  }

  @Test
  void thePortablePassUnderUseAvx0MultipliesAndAdds() {
    assumeX86();
    assertMultipliesAndAdds(classifyAll("-XX:UseAVX=0"), "portable", fusedPortable, separatePortable);
  }

  @Test
  void theVectorPassWithoutUseFmaMultipliesAndAdds() {
    assumeX86();
    assertMultipliesAndAdds(classifyAll("--add-modules", VECTOR_MODULE, "-Dfovea.backend=vector", "-XX:-UseFMA"),
        "vector", fusedVector, separateVector);
  }

  private static void assumeX86() {
    assumeTrue(System.getProperty("os.arch").matches("amd64|x86_64"), "UseAVX is an x86 option");
  }

  private static void assertMultipliesAndAdds(Jdk.Run run, String backend, float[][] fused, float[][] separate) {
    assertEquals(0, run.exitCode(), run::toString);
    List<String> lines = run.out().lines().toList();
    assertTrue(lines.get(0).startsWith("{\"backend\": \"" + backend + "\""), lines.get(0));
    float[][] p = probabilities(lines.subList(1, lines.size()));
    assertEquals(fused.length, p.length);
    int differing = 0;
    for (int i = 0; i < p.length; i++) {
      assertEquals(bits(softmax(separate[i])), bits(p[i]), "image " + i + ": not the multiply-add path");
      differing += bits(softmax(fused[i])).equals(bits(p[i])) ? 0 : 1;
      for (int k = 0; k < fused[i].length; k++) {
        // One rounding more per multiply-add: within ReferenceComparisonTest's float-vs-double tolerance.
        assertEquals(fused[i][k], separate[i][k], 1e-5 * Math.max(1, Math.abs(fused[i][k])), "image " + i);
      }
    }
    // Otherwise the check above could not tell the two paths apart.
    assertTrue(differing > 0, "every image gave the fused path's probabilities");
    System.out.println(backend + " pass without FMA: " + differing + " of " + p.length
        + " images' probabilities differ from the fused path's in some bit");
  }

  /** Runs the jar with {@code --backend --json --all} on the test images: the backend line, then one per image. */
  private static Jdk.Run classifyAll(String... jvmOptions) {
    List<String> command = new ArrayList<>(List.of(jvmOptions));
    command.addAll(List.of("-jar", jar.jar().toString(), "--backend", "--json", "--all",
        LeNet5Export.TEST_IMAGES.toString()));
    return Jdk.java(dir, command.toArray(String[]::new));
  }

  private static float[][] probabilities(List<String> lines) {
    float[][] p = new float[lines.size()][10];
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = PROBABILITY.matcher(lines.get(i));
      int found = 0;
      while (m.find()) {
        p[i][Integer.parseInt(m.group(1))] = Float.parseFloat(m.group(2));
        found++;
      }
      assertEquals(10, found, lines.get(i));
    }
    return p;
  }

  private static float[] softmax(float[] logits) {
    float[] p = logits.clone();
    SoftmaxCrossEntropy.softmax(p, p);
    return p;
  }

  private static List<Integer> bits(float[] values) {
    List<Integer> bits = new ArrayList<>();
    for (float v : values) {
      bits.add(Float.floatToIntBits(v));
    }
    return bits;
  }
}
