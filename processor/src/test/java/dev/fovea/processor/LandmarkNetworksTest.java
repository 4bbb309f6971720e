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
import org.junit.jupiter.api.Test;

/**
 * ResNet-18 and GoogLeNet, declared with blocks in {@code src/test/resources/networks}, compile and have exactly
 * torchvision's state_dict, batch-norm buffers included, in its order: the names and shapes that
 * make_graph_fixtures.py wrote to landmark_parameters.txt from resnet18() and googlenet(aux_logits=False,
 * init_weights=False); their trainable parameters add up to the published counts.
 */
class LandmarkNetworksTest {
  private static final Path RESOURCES = Path.of(System.getProperty("basedir", "."), "src/test/resources");
  private static final Path NETWORKS = RESOURCES.resolve("networks");

  @Test
  void resNet18HasTorchvisionsParametersInUnderOneHundredLines() throws IOException {
    assertEquals(torchvision("resnet18"), fovea("ResNet18"));
    assertEquals(11_689_512, trainable("ResNet18"));
    int lines = Files.readAllLines(NETWORKS.resolve("ResNet18.java")).size();
    assertTrue(lines < 100, "ResNet18.java has " + lines + " lines");
  }

  @Test
  void googLeNetHasTorchvisionsParametersAndItsNineInceptionModulesAreOneBlock() throws IOException {
    assertEquals(torchvision("googlenet"), fovea("GoogLeNet"));
    assertEquals(6_624_904, trainable("GoogLeNet"));
    List<String> source = Files.readAllLines(NETWORKS.resolve("GoogLeNet.java"));
    assertEquals(9, source.stream().filter(l -> l.contains("@Use(value = Inception.class")).count());
    assertEquals(1, source.stream().filter(l -> l.contains("class Inception")).count());
  }

  private static Class<?> compiled(String network) throws IOException {
    Compilation compilation = Generated.compileAnnotated(JavaFileObjects.forSourceString("landmark." + network,
        Files.readString(NETWORKS.resolve(network + ".java"))));
    assertThat(compilation).succeededWithoutWarnings();
    return Generated.load(compilation, "landmark." + network + "Net");
  }

  /** Trained values: every tensor's but the batch norms' running statistics and counters. */
  private static long trainable(String network) throws IOException {
    Class<?> type = compiled(network);
    try {
      String[] init = (String[]) type.getMethod("parameterInit").invoke(null);
      int[][] shapes = (int[][]) type.getMethod("parameterShapes").invoke(null);
      long count = 0;
      for (int i = 0; i < init.length; i++) {
        if (!init[i].startsWith("buffer:")) {
          count += Arrays.stream(shapes[i]).asLongStream().reduce(1, (a, b) -> a * b);
        }
      }
      return count;
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** "name d0 d1 ..." per parameter of the generated class, in its order. */
  private static List<String> fovea(String network) throws IOException {
    Class<?> type = compiled(network);
    String[] names;
    int[][] shapes;
    try {
      names = (String[]) type.getMethod("parameterNames").invoke(null);
      shapes = (int[][]) type.getMethod("parameterShapes").invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    List<String> parameters = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      parameters.add(names[i] + " " + String.join(" ", Arrays.stream(shapes[i]).mapToObj(Integer::toString)
          .toList()));
    }
    return parameters;
  }

  /** The fixture's lines for one network, without the network column, in torchvision's state_dict order. */
  private static List<String> torchvision(String network) throws IOException {
    List<String> parameters = Files.readAllLines(RESOURCES.resolve("pytorch/landmark_parameters.txt")).stream()
        .filter(l -> l.startsWith(network + " ")).map(l -> l.substring(network.length() + 1)).toList();
    assertTrue(parameters.size() > 20, network + " missing from landmark_parameters.txt");
    return parameters;
  }
}
