package dev.fovea.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

/** An unknown fovea.* property fails the goal with the closest known name. */
class PropertyCheckTest {

  private static final Set<String> KNOWN =
      Set.of("fovea.minAccuracy", "fovea.network", "fovea.epochs", "fovea.topK", "fovea.backend");

  private static Properties properties(String... keyValues) {
    Properties p = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return p;
  }

  @Test
  void namesTheClosestKnownProperty() {
    assertEquals("fovea.minAccuracy", PropertyCheck.closest("fovea.minAcuracy", KNOWN));
    assertEquals("fovea.epochs", PropertyCheck.closest("fovea.epoch", KNOWN));
    assertEquals("fovea.topK", PropertyCheck.closest("fovea.topk", KNOWN));
  }

  @Test
  void failsOnAMistypedPropertyFromTheCommandLineOrThePom() {
    MojoFailureException e = assertThrows(MojoFailureException.class, () -> PropertyCheck.check(
        properties("fovea.minAcuracy", "0.9", "other.property", "x"), properties(), KNOWN));
    assertEquals(String.format(PropertyCheck.UNKNOWN_PROPERTY, "fovea.minAcuracy", "on the command line",
        "fovea.minAccuracy", String.join(", ", new TreeSet<>(KNOWN))), e.getMessage());
    e = assertThrows(MojoFailureException.class, () -> PropertyCheck.check(properties(),
        properties("fovea.netwrok", "Tiny"), KNOWN));
    assertEquals(String.format(PropertyCheck.UNKNOWN_PROPERTY, "fovea.netwrok", "in the pom", "fovea.network",
        String.join(", ", new TreeSet<>(KNOWN))), e.getMessage());
  }

  @Test
  void acceptsKnownPropertiesAndTheConventionalVersion() throws MojoFailureException {
    PropertyCheck.check(properties("fovea.epochs", "2", "fovea.backend", "portable"),
        properties("fovea.version", "1.0", "fovea.network", "Tiny"), KNOWN);
  }
}
