package dev.fovea.processor.export;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an export wrote, with sizes in bytes. A file that was not produced is null and its size -1: the weights
 * resource exists only for large models, class files and the jar only for {@link ClassifierExport#writeJar}.
 *
 * @param classBytes the class files together (the classifier, its nested classes and the vector pass)
 * @param vector whether the export holds the optional Vector API forward pass ({@code <ClassName>Vector})
 * @param vectorSource the vector pass's source file, beside the classifier's ({@link ClassifierExport#writeSource})
 */
public record ExportResult(String className, Path source, long sourceBytes, Path resource, long resourceBytes,
    long classBytes, Path jar, long jarBytes, boolean vector, Path vectorSource, long vectorSourceBytes) {

  /** The files written, in the order source, vector source, resource, jar. */
  public List<Path> files() {
    List<Path> files = new ArrayList<>();
    for (Path p : new Path[] {source, vectorSource, resource, jar}) {
      if (p != null) {
        files.add(p);
      }
    }
    return files;
  }

  /**
   * One line for a build log, e.g. {@code demo.LeNet5Classifier: source 421,337 B, vector source 25,114 B,
   * classes 331,262 B, ...}.
   */
  public String summary() {
    StringBuilder line = new StringBuilder(className).append(':');
    append(line, "source", sourceBytes);
    append(line, "vector source", vectorSourceBytes);
    append(line, "weights resource", resourceBytes);
    append(line, "classes", classBytes);
    append(line, "jar", jarBytes);
    return line.toString();
  }

  private static void append(StringBuilder line, String what, long bytes) {
    if (bytes >= 0) {
      line.append(line.charAt(line.length() - 1) == ':' ? " " : ", ")
          .append(what).append(' ').append(String.format(Locale.ROOT, "%,d", bytes)).append(" B");
    }
  }
}
