package dev.fovea.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.annotations.Conv2D;
import dev.fovea.processor.op.LayerKind;
import dev.fovea.processor.op.LayerKinds;
import dev.fovea.processor.parse.LayerAnnotations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The registry holds every layer kind once: every spec type and layer annotation has exactly one home. */
class LayerKindsTest {

  @Test
  void namesAndAnnotationsAreUniqueAndLoadable() throws ClassNotFoundException {
    List<String> names = LayerKinds.kindNames();
    assertEquals(names.size(), new HashSet<>(names).size(), names.toString());
    List<String> annotations = LayerKinds.annotations();
    assertEquals(annotations.size(), new HashSet<>(annotations).size(), annotations.toString());
    for (LayerKind<?> kind : LayerKinds.ALL) {
      assertTrue(Class.forName(kind.annotation()).isAnnotation(), kind.annotation());
    }
  }

  @Test
  void everyLayerAnnotationIsRegistered() throws Exception {
    // A layer annotation has a name attribute (the layer's name); @Network and @Input have none. @Use names a
    // block's layers and is not a kind.
    Path jar = Path.of(Conv2D.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Set<String> layers = new HashSet<>();
    for (String name : classNames(jar)) {
      Class<?> type = Class.forName(name);
      if (type.isAnnotation() && Arrays.stream(type.getDeclaredMethods()).anyMatch(m -> m.getName().equals("name"))) {
        layers.add(name);
      }
    }
    Set<String> expected = new HashSet<>(LayerKinds.annotations());
    expected.add(LayerAnnotations.USE);
    assertEquals(expected, layers);
  }

  /** The top-level classes of dev.fovea.annotations in a jar or a classes directory. */
  private static List<String> classNames(Path location) throws IOException {
    String prefix = "dev/fovea/annotations/";
    if (Files.isDirectory(location)) {
      try (Stream<Path> files = Files.list(location.resolve(prefix))) {
        return files.map(f -> prefix + f.getFileName()).filter(n -> n.endsWith(".class") && !n.contains("$"))
            .map(n -> n.replace('/', '.').replace(".class", "")).toList();
      }
    }
    try (JarFile jar = new JarFile(location.toFile())) {
      return jar.stream().map(JarEntry::getName)
          .filter(n -> n.startsWith(prefix) && n.endsWith(".class") && !n.contains("$"))
          .map(n -> n.replace('/', '.').replace(".class", "")).toList();
    }
  }
}
