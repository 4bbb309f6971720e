package dev.fovea.processor;

import static dev.fovea.processor.Messages.CANNOT_WRITE;

import dev.fovea.processor.export.SpecFile;
import dev.fovea.processor.model.NetworkPlan;
import dev.fovea.processor.model.Problem;
import dev.fovea.processor.model.ShapeInference;
import dev.fovea.processor.parse.NetworkParser;
import dev.fovea.processor.parse.NetworkParser.LayerSource;
import dev.fovea.processor.parse.Reporter;
import dev.fovea.processor.write.Backend;
import dev.fovea.processor.write.NetworkWriter;
import dev.fovea.processor.write.Precision;
import dev.fovea.processor.write.SummaryTable;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.TypeElement;
import javax.tools.StandardLocation;

/** One network through the pipeline: parse into descriptors, infer shapes, report, then write. */
final class NetworkCompiler {
  private final ProcessingEnvironment env;
  private final Reporter reporter;
  private final boolean printSummary;
  private final Predicate<TypeElement> vectorBackend;
  private final Consumer<String> onGenerated;

  NetworkCompiler(ProcessingEnvironment env, Reporter reporter, boolean printSummary,
      Predicate<TypeElement> vectorBackend, Consumer<String> onGenerated) {
    this.env = env;
    this.reporter = reporter;
    this.printSummary = printSummary;
    this.vectorBackend = vectorBackend;
    this.onGenerated = onGenerated;
  }

  void compile(TypeElement type) {
    var parsed = new NetworkParser(env.getElementUtils(), reporter).parse(type);
    if (parsed.isEmpty()) {
      return;
    }
    ShapeInference.Result result = ShapeInference.infer(parsed.get().spec());
    for (Problem problem : result.problems()) {
      if (problem.layer() < 0) {
        reporter.report(problem.warning(), type, parsed.get().networkMirror(), problem.attribute(), problem.message());
      } else {
        LayerSource source = parsed.get().sources().get(problem.layer());
        // Inside a block the use site has none of the layer's attributes: the message names the layer instead.
        String message = source.context() == null ? problem.message()
            : String.format(Messages.IN_BLOCK, source.context(), problem.message());
        reporter.report(problem.warning(), source.field(), source.mirror(),
            source.context() == null ? problem.attribute() : "", message);
      }
    }
    if (!result.ok()) {
      return;
    }
    NetworkPlan plan = result.plan();
    String generated = plan.spec().packageName().isEmpty()
        ? plan.spec().generatedClassName()
        : plan.spec().packageName() + "." + plan.spec().generatedClassName();
    List<Backend> backends = vectorBackend.test(type) ? List.of(Backend.PORTABLE, Backend.VECTOR) : List.of(Backend.PORTABLE);
    for (Backend backend : backends) {
      String name = backend.className(generated);
      try (Writer writer = env.getFiler().createSourceFile(name, type).openWriter()) {
        NetworkWriter.write(plan, Precision.FLOAT, backend).writeTo(writer);
      } catch (IOException e) {
        reporter.error(type, parsed.get().networkMirror(), "", String.format(CANNOT_WRITE, name, e.getMessage()));
        return;
      }
    }
    writeSpec(type, plan, generated);
    onGenerated.accept(generated);
    if (printSummary) {
      reporter.note(type, String.format(Messages.SUMMARY, type.getSimpleName(), SummaryTable.format(plan)));
    }
  }

  /** The declaration beside the classes, so that an exporter can rebuild the plan without the sources. */
  private void writeSpec(TypeElement type, NetworkPlan plan, String generated) {
    String name = SpecFile.resourceName(generated);
    try (Writer writer = env.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "", name, type)
        .openWriter()) {
      writer.write(SpecFile.write(plan.spec()));
    } catch (IOException | RuntimeException e) {
      reporter.warning(String.format(Messages.SPEC_NOT_WRITTEN, name, e.getMessage()));
    }
  }
}
