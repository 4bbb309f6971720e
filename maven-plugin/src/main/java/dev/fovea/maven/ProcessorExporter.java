package dev.fovea.maven;

import dev.fovea.processor.export.ClassifierExport;
import dev.fovea.processor.export.ExportException;
import dev.fovea.processor.export.ExportResult;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;

/** {@link ClassifierExporter} over fovea-processor's {@link ClassifierExport}. */
final class ProcessorExporter implements ClassifierExporter {

  @Override
  public List<String> export(Request request) throws MojoFailureException {
    try {
      ClassifierExport export = ClassifierExport.of(request.classes(), request.generatedClass(), request.parameters());
      if (request.packageName() != null) {
        export.packageName(request.packageName());
      }
      if (request.className() != null) {
        export.className(request.className());
      }
      if (request.mean() != null) {
        export.standardization(request.mean(), request.std());
      }
      ExportResult source = export.writeSource(request.sourceRoot());
      ExportResult jar = export.writeJar(request.jar());
      return List.of("Wrote " + source.source() + " (" + source.summary() + ")",
          "Wrote " + jar.jar() + " (" + jar.summary() + ")");
    } catch (ExportException e) {
      throw new MojoFailureException(e.getMessage(), e);
    }
  }
}
