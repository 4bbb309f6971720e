package dev.fovea.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.fovea.processor.testing.Generated;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The example's zoo of landmark networks (example-project/src/main/java/dev/fovea/example/zoo), compiled here with
 * both backends: each compiles in under a minute, every generated method fits HotSpot's JIT and the class file's
 * limits, its trainable parameters and non-trained state add up to the published counts, and the torchvision ones
 * have exactly torchvision's state_dict, batch-norm buffers included, in its order: the names and shapes that
 * make_graph_fixtures.py wrote to landmark_parameters.txt.
 */
class LandmarkNetworksTest {
  private static final Path RESOURCES = Path.of(System.getProperty("basedir", "."), "src/test/resources");
  private static final Path ZOO = Path.of(System.getProperty("basedir", "."))
      .resolve("../example-project/src/main/java/dev/fovea/example/zoo").normalize();
  private static final String PACKAGE = "dev.fovea.example.zoo.";
  /** Issue 9's bound for javac with the processor on one landmark network. */
  private static final double COMPILE_SECONDS = 60;

  /** Each network, its torchvision name (null: not in torchvision), trainable count and non-trained state. */
  enum Zoo {
    ALEXNET("AlexNet", null, 62_378_344, 0),
    ALEXNET_TORCH("AlexNetTorch", "alexnet", 61_100_840, 0),
    VGG11("Vgg11", "vgg11", 132_863_336, 0),
    GOOGLENET("GoogLeNet", "googlenet", 6_624_904, 14_617),
    RESNET18("ResNet18", "resnet18", 11_689_512, 9_620),
    RESNET34("ResNet34", "resnet34", 21_797_672, 17_060),
    // Keras: 22,910,480 with the 54,528 running means and variances; Fovea adds 40 batch counters.
    XCEPTION("Xception", null, 22_855_952, 54_568);

    final String network;
    final String torchvision;
    final long trainable;
    final long state;

    Zoo(String network, String torchvision, long trainable, long state) {
      this.network = network;
      this.torchvision = torchvision;
      this.trainable = trainable;
      this.state = state;
    }
  }

  @ParameterizedTest
  @EnumSource(Zoo.class)
  void compilesInAMinuteFitsTheJitAndHasThePublishedCounts(Zoo zoo) throws IOException {
    long start = System.nanoTime();
    Compilation compilation = Generated.compileAnnotatedWithVector(sources(zoo.network));
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(compilation).succeeded();
    // javac's own note on the Vector API module aside, the processor warns about nothing.
    assertEquals(List.of(), compilation.warnings().stream().map(d -> d.getMessage(Locale.ROOT))
        .filter(m -> !m.contains("incubating module")).toList());
    String largest = MethodSizeTest.assertAllMethodsFit(Generated.classFiles(compilation));
    System.out.printf(Locale.ROOT, "%s: javac with the processor (both backends) %.1f s; largest method %s%n",
        zoo.network, seconds, largest);
    assertTrue(seconds < COMPILE_SECONDS, zoo.network + " took " + seconds + " s to compile");

    Class<?> type = Generated.load(compilation, PACKAGE + zoo.network + "Net");
    assertEquals(zoo.trainable, count(type, true));
    assertEquals(zoo.state, count(type, false));
    String summary = (String) invoke(type, "summary");
    assertTrue(summary.contains(String.format(Locale.ROOT, "Total parameters: %,d ", zoo.trainable)), summary);
    if (zoo.torchvision != null) {
      assertEquals(torchvision(zoo.torchvision), fovea(type));
    }
  }

  @Test
  void resNet18IsUnderOneHundredLinesAndGoogLeNetsInceptionModulesAreOneBlock() throws IOException {
    int lines = Files.readAllLines(ZOO.resolve("ResNet18.java")).size();
    assertTrue(lines < 100, "ResNet18.java has " + lines + " lines");
    List<String> source = Files.readAllLines(ZOO.resolve("GoogLeNet.java"));
    assertEquals(9, source.stream().filter(l -> l.contains("@Use(value = Inception.class")).count());
    assertEquals(1, source.stream().filter(l -> l.contains("class Inception")).count());
    List<String> xception = Files.readAllLines(ZOO.resolve("Xception.java"));
    assertEquals(8, xception.stream().filter(l -> l.contains("@Use(Middle.class)")).count());
  }

  /** The network's source, with the shared ResNet blocks when it uses them. */
  private static JavaFileObject[] sources(String network) throws IOException {
    List<JavaFileObject> sources = new ArrayList<>();
    sources.add(source(network));
    if (network.startsWith("ResNet")) {
      sources.add(source("ResNetBlocks"));
    }
    return sources.toArray(JavaFileObject[]::new);
  }

  private static JavaFileObject source(String name) throws IOException {
    return JavaFileObjects.forSourceString(PACKAGE + name, Files.readString(ZOO.resolve(name + ".java")));
  }

  /** Trained values (trainable) or the rest: the batch norms' running statistics and counters. */
  private static long count(Class<?> type, boolean trainable) {
    String[] init = (String[]) invoke(type, "parameterInit");
    int[][] shapes = (int[][]) invoke(type, "parameterShapes");
    long count = 0;
    for (int i = 0; i < init.length; i++) {
      if (init[i].startsWith("buffer:") != trainable) {
        count += Arrays.stream(shapes[i]).asLongStream().reduce(1, (a, b) -> a * b);
      }
    }
    return count;
  }

  /** "name d0 d1 ..." per parameter of the generated class, in its order. */
  private static List<String> fovea(Class<?> type) {
    String[] names = (String[]) invoke(type, "parameterNames");
    int[][] shapes = (int[][]) invoke(type, "parameterShapes");
    List<String> parameters = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      parameters.add(names[i] + " " + String.join(" ", Arrays.stream(shapes[i]).mapToObj(Integer::toString)
          .toList()));
    }
    return parameters;
  }

  private static Object invoke(Class<?> type, String method) {
    try {
      return type.getMethod(method).invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** The fixture's lines for one network, without the network column, in torchvision's state_dict order. */
  private static List<String> torchvision(String network) throws IOException {
    List<String> parameters = Files.readAllLines(RESOURCES.resolve("pytorch/landmark_parameters.txt")).stream()
        .filter(l -> l.startsWith(network + " ")).map(l -> l.substring(network.length() + 1)).toList();
    assertTrue(parameters.size() > 10, network + " missing from landmark_parameters.txt");
    return parameters;
  }
}
