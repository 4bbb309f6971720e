package dev.fovea.maven;

import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;

/**
 * What {@code fovea:export} needs from the classifier exporter of fovea-processor, kept behind this interface so
 * that the goal builds before that exporter exists; {@link #load} finds the implementation.
 */
interface ClassifierExporter {

  /** The class implementing this interface over {@code dev.fovea.processor.export.ClassifierExport}. */
  String IMPLEMENTATION = "dev.fovea.maven.ProcessorExporter";

  /**
   * One export.
   *
   * @param classes a loader over the project's classes (where the processor left each network's spec)
   * @param packageName the exported class's package, or null for the network's own
   * @param className the exported class's simple name, or null for the exporter's default
   * @param mean the standardisation mean to apply to raw [0, 1] inputs, or null when training used raw inputs
   */
  record Request(ClassLoader classes, String generatedClass, float[] parameters, String packageName,
      String className, Double mean, Double std, Path sourceRoot, Path jar) {}

  /**
   * Writes the classifier's source under {@code sourceRoot} and its jar.
   *
   * @return one line per export for the build log
   * @throws MojoFailureException with the exporter's message when the export is impossible
   */
  List<String> export(Request request) throws MojoFailureException;

  /**
   * The exporter.
   *
   * @throws MojoFailureException if this build of the plugin has none
   */
  static ClassifierExporter load() throws MojoFailureException {
    try {
      return (ClassifierExporter) Class.forName(IMPLEMENTATION).getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw new MojoFailureException("fovea:export needs the classifier exporter of fovea-processor "
          + "(dev.fovea.processor.export), which this build of the plugin does not include yet");
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new MojoFailureException("cannot create " + IMPLEMENTATION + ": " + e, e);
    }
  }
}
