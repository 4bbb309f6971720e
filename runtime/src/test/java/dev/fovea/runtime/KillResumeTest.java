package dev.fovea.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL at random moments of a child JVM's training, then resume: every file left is whole, no temporary file
 * survives the next run, and the final weights are bit-identical (SHA-256) to an uninterrupted run's.
 */
class KillResumeTest {

  @TempDir Path dir;

  @Test
  void killedAndResumedRunsEndWithTheUninterruptedWeights() throws Exception {
    Path clean = Files.createDirectories(dir.resolve("clean"));
    assertCompletes(clean);
    String expected = sha256(clean.resolve("weights.safetensors"));

    Path killed = Files.createDirectories(dir.resolve("killed"));
    Random random = new Random(20261129);
    int kills = 0;
    for (int attempt = 0; attempt < 4; attempt++) {
      Process p = child(killed);
      // Timed from the start of training: at most 0.6 s of the at least 1.6 s that training takes, so the first
      // two attempts are always killed mid-run, whatever the machine's speed.
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!read(killed.resolve("log.txt")).contains(CheckpointChild.STARTED) && p.isAlive()
          && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      Thread.sleep(random.nextInt(600));
      if (p.isAlive()) {
        p.destroyForcibly(); // SIGKILL on POSIX: no shutdown hooks, no finally blocks
        kills++;
      }
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      Path checkpoint = killed.resolve("run.checkpoint");
      if (Files.exists(checkpoint)) {
        Checkpoint.read(checkpoint); // throws if a kill left a damaged file
      }
    }
    assertTrue(kills >= 2, "the child finished before most kills: " + kills);
    assertCompletes(killed);
    assertTrue(read(killed.resolve("log.txt")).contains("Resuming from "), read(killed.resolve("log.txt")));
    assertEquals(expected, sha256(killed.resolve("weights.safetensors")));
    try (Stream<Path> files = Files.list(killed)) {
      List<String> temporaries = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
      assertEquals(List.of(), temporaries, "stale temporary files");
    }
  }

  private static void assertCompletes(Path dir) throws Exception {
    int status = child(dir).waitFor();
    assertEquals(0, status, () -> "child failed: " + read(dir.resolve("log.txt")));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  private static Process child(Path dir) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = location(CheckpointChild.class) + File.pathSeparator + location(Trainer.class)
        + File.pathSeparator + location(dev.fovea.api.GeneratedNetwork.class);
    List<String> command = new ArrayList<>(List.of(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", classPath,
        CheckpointChild.class.getName(), dir.resolve("run.checkpoint").toString(),
        dir.resolve("weights.safetensors").toString()));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile())
        .start();
  }

  private static String location(Class<?> c) throws Exception {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
