package dev.fovea.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Network names, fingerprints and progress durations. */
class HelpersTest {

  @TempDir Path dir;

  @Test
  void namesNetworksAsUsersWriteThem() {
    assertEquals("demo.LeNet5", ProjectNetworks.userName("demo.LeNet5Net"));
    assertEquals("Outer_Inner", ProjectNetworks.simpleName("demo.Outer_InnerNet"));
    assertTrue(ProjectNetworks.matches("demo.LeNet5Net", "LeNet5"));
    assertTrue(ProjectNetworks.matches("demo.LeNet5Net", "demo.LeNet5"));
    assertTrue(ProjectNetworks.matches("demo.LeNet5Net", "demo.LeNet5Net"));
    assertFalse(ProjectNetworks.matches("demo.LeNet5Net", "Net5"));
    assertFalse(ProjectNetworks.matches("demo.MyLeNet5Net", "LeNet5"));
  }

  @Test
  void fingerprintsNameWhatChanged() {
    Fingerprint a = new Fingerprint("n", "d", "s");
    assertEquals(List.of(), a.changes(new Fingerprint("n", "d", "s")));
    assertEquals(List.of("network", "settings"), a.changes(new Fingerprint("N", "d", "S")));
  }

  @Test
  void hashesContentAndNames() throws IOException {
    Path x = Files.writeString(dir.resolve("x"), "abc");
    Path y = Files.writeString(dir.resolve("y"), "abc");
    // sha256sum of "abc".
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Fingerprint.sha256(x));
    assertEquals(Fingerprint.sha256(x), Fingerprint.sha256("abc"));
    assertNotEquals(Fingerprint.sha256(List.of(x)), Fingerprint.sha256(List.of(y)), "a renamed file is a change");
  }

  @Test
  void formatsTimeLeft() {
    assertEquals("0:07", Progress.duration(7.4));
    assertEquals("12:30", Progress.duration(750));
    assertEquals("1:02:03", Progress.duration(3723));
  }
}
