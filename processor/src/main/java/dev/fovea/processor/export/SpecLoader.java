package dev.fovea.processor.export;

import dev.fovea.api.GeneratedNames;
import dev.fovea.processor.FoveaProcessor;
import dev.fovea.processor.model.NetworkPlan;
import dev.fovea.processor.model.NetworkSpec;
import dev.fovea.processor.model.Problem;
import dev.fovea.processor.model.ShapeInference;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Rebuilds a network's plan from the spec the processor left beside the compiled classes, checking it all. */
final class SpecLoader {
  private SpecLoader() {}

  static NetworkPlan load(ClassLoader classes, String generatedClass) throws ExportException {
    if (classes == null || generatedClass == null || generatedClass.isBlank()) {
      throw new ExportException("name a generated network class (e.g. demo.LeNet5Net) and a class loader that"
          + " sees the project's classes");
    }
    String resource = SpecFile.resourceName(generatedClass);
    String text;
    try (InputStream in = classes.getResourceAsStream(resource)) {
      if (in == null) {
        throw new ExportException(missing(classes, generatedClass, resource));
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ExportException("cannot read " + resource + ": " + e.getMessage(), e);
    }
    NetworkSpec spec;
    try {
      spec = SpecFile.read(text);
    } catch (IllegalArgumentException e) {
      throw new ExportException(resource + " is not a valid network spec: " + e.getMessage()
          + "; recompile the project to rewrite it");
    }
    String declared = spec.packageName().isEmpty() ? spec.generatedClassName()
        : spec.packageName() + "." + spec.generatedClassName();
    if (!declared.equals(generatedClass)) {
      throw new ExportException(resource + " describes " + declared + ", not " + generatedClass
          + ": recompile the project to rewrite it");
    }
    ShapeInference.Result result = ShapeInference.infer(spec);
    if (!result.ok()) {
      String problems = result.problems().stream().filter(p -> !p.warning()).map(Problem::message)
          .collect(Collectors.joining("; "));
      throw new ExportException(resource + " describes a network with errors (" + problems
          + "); recompile the project");
    }
    NetworkPlan plan = result.plan();
    checkAgainstClass(classes, generatedClass, plan);
    return plan;
  }

  /** When the generated class is loadable, its parameter count must match, or the spec is stale. */
  private static void checkAgainstClass(ClassLoader classes, String generatedClass, NetworkPlan plan)
      throws ExportException {
    int count;
    try {
      count = Class.forName(generatedClass, false, classes).getField("PARAMETER_COUNT").getInt(null);
    } catch (ReflectiveOperationException | LinkageError e) {
      return; // Only the spec is at hand (e.g. a loader of resources alone): it is checked above.
    }
    if (count != plan.parameterCount()) {
      throw new ExportException(generatedClass + " has " + count + " parameters but its spec describes "
          + plan.parameterCount() + ": the spec is stale; recompile the project");
    }
  }

  private static String missing(ClassLoader classes, String generatedClass, String resource) {
    TreeSet<String> networks = new TreeSet<>();
    try {
      Enumeration<URL> registries = classes.getResources(FoveaProcessor.REGISTRY);
      while (registries.hasMoreElements()) {
        try (InputStream in = registries.nextElement().openStream()) {
          new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
              .filter(l -> !l.isEmpty()).forEach(networks::add);
        }
      }
    } catch (IOException e) {
      // The list only improves the message.
    }
    if (networks.contains(generatedClass)) {
      return "no spec for " + generatedClass + " (" + resource + "): it was compiled by an older Fovea;"
          + " recompile the project";
    }
    String generated = GeneratedNames.simpleName(List.of(generatedClass));
    if (networks.contains(generated)) {
      return generatedClass + " is the annotated class; export its generated class " + generated;
    }
    return "no Fovea network " + generatedClass + " among the compiled classes ("
        + (networks.isEmpty() ? "none found: is the Fovea processor on the compiler's annotationProcessorPaths?"
            : "networks: " + String.join(", ", networks)) + ")";
  }
}
