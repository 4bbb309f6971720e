package dev.fovea.processor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the running JDK's own {@code javac} and {@code java} as bare processes, with nothing added to them. */
public final class Jdk {
  private static final Path BIN = Path.of(System.getProperty("java.home"), "bin");

  /** A finished process: exit code, standard output and standard error. */
  public record Run(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  private Jdk() {}

  public static Run javac(Path workDir, String... args) {
    return run(workDir, "javac", args);
  }

  public static Run java(Path workDir, String... args) {
    return run(workDir, "java", args);
  }

  private static Run run(Path workDir, String tool, String... args) {
    List<String> command = new ArrayList<>();
    command.add(BIN.resolve(tool).toString());
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile(workDir, tool, ".out");
      Path err = Files.createTempFile(workDir, tool, ".err");
      ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile());
      // Nothing from the test JVM's environment may leak in: no CLASSPATH, no JAVA_TOOL_OPTIONS.
      builder.environment().remove("CLASSPATH");
      builder.environment().remove("JAVA_TOOL_OPTIONS");
      builder.environment().remove("JDK_JAVA_OPTIONS");
      Process process = builder.start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish in 120 s");
      }
      return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
