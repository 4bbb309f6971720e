package dev.fovea.processor;

import com.google.auto.service.AutoService;
import dev.fovea.processor.op.LayerKinds;
import dev.fovea.processor.parse.LayerAnnotations;
import dev.fovea.processor.parse.Reporter;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.TypeElement;
import javax.tools.StandardLocation;

/**
 * The entry point javac calls: finds {@code @Network} classes and misplaced layer annotations, and hands
 * each network to {@link NetworkCompiler}. No exception escapes into javac: it becomes one error on the class.
 */
@AutoService(Processor.class)
public final class FoveaProcessor extends AbstractProcessor {
  /** Set {@code -Afovea.summary=true} to print every network's model table while compiling. */
  public static final String SUMMARY_OPTION = "fovea.summary";

  /**
   * {@code -Afovea.backend=auto} (the default) also writes the Vector API class of each network when
   * jdk.incubator.vector is in the compilation's module graph; {@code portable} never does; {@code vector} warns
   * when it cannot.
   */
  public static final String BACKEND_OPTION = "fovea.backend";

  /** Lists the generated network classes, one binary name a line, for the Maven plugin and tools. */
  public static final String REGISTRY = "META-INF/fovea/networks";

  private static final String VECTOR_MODULE = "jdk.incubator.vector";

  private final Set<String> generated = new TreeSet<>();
  /** Whether the Vector API classes are written: the option and the module graph stay the same every round. */
  private Boolean writesVector;

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    Set<String> types = new LinkedHashSet<>(layerAnnotations());
    types.add(LayerAnnotations.BLOCK);
    types.add(LayerAnnotations.NETWORK);
    // javac does not count annotations inside local and anonymous classes as present, so a processor of Fovea's
    // annotations alone would never run to report them (LocalClasses); claiming none, process returns false.
    types.add("*");
    return types;
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(SUMMARY_OPTION, BACKEND_OPTION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    Reporter reporter = new Reporter(processingEnv.getMessager());
    LocalClasses.check(processingEnv, round.getRootElements());
    Placement placement = new Placement(reporter);
    NetworkCompiler compiler = new NetworkCompiler(processingEnv, reporter,
        Boolean.parseBoolean(processingEnv.getOptions().get(SUMMARY_OPTION)), writesVector(reporter)
            ? type -> readsVectorModule(type, reporter) : type -> false, generated::add);
    for (String layer : layerAnnotations()) {
      TypeElement annotation = processingEnv.getElementUtils().getTypeElement(layer);
      if (annotation != null) {
        for (Element field : round.getElementsAnnotatedWith(annotation)) {
          guarded(reporter, field, () -> placement.checkLayer(field, layer));
        }
      }
    }
    TypeElement network = processingEnv.getElementUtils().getTypeElement(LayerAnnotations.NETWORK);
    if (network != null) {
      for (Element element : round.getElementsAnnotatedWith(network)) {
        guarded(reporter, element, () -> {
          if (placement.checkNetwork(element)) {
            compiler.compile((TypeElement) element);
          }
        });
      }
    }
    if (round.processingOver() && !generated.isEmpty()) {
      writeRegistry(reporter);
    }
    return false;
  }

  private boolean writesVector(Reporter reporter) {
    if (writesVector == null) {
      writesVector = vectorBackend(reporter);
    }
    return writesVector;
  }

  /** Whether to write the Vector API backend too: asked for (or not refused) and compilable here. */
  private boolean vectorBackend(Reporter reporter) {
    String backend = processingEnv.getOptions().getOrDefault(BACKEND_OPTION, "auto");
    boolean available = processingEnv.getElementUtils().getTypeElement(VECTOR_MODULE + ".FloatVector") != null;
    switch (backend) {
      case "auto":
        return available;
      case "portable":
        return false;
      case "vector":
        if (!available) {
          reporter.warning(Messages.VECTOR_MODULE_MISSING);
        }
        return available;
      default:
        reporter.warning(String.format(Messages.UNKNOWN_BACKEND, backend));
        return false;
    }
  }

  /**
   * Whether the network's module can use the Vector API: any class path code can, a named module only when its
   * module-info requires jdk.incubator.vector (else the generated class would not compile). Says so when not.
   */
  private boolean readsVectorModule(TypeElement type, Reporter reporter) {
    ModuleElement module = processingEnv.getElementUtils().getModuleOf(type);
    if (module == null || module.isUnnamed()) {
      return true;
    }
    boolean reads = module.getDirectives().stream()
        .filter(d -> d.getKind() == ModuleElement.DirectiveKind.REQUIRES)
        .anyMatch(d -> ((ModuleElement.RequiresDirective) d).getDependency().getQualifiedName()
            .contentEquals(VECTOR_MODULE));
    if (!reads) {
      reporter.note(type, String.format(Messages.MODULE_DOES_NOT_READ_VECTOR, module.getQualifiedName()));
    }
    return reads;
  }

  private void writeRegistry(Reporter reporter) {
    try (Writer writer = processingEnv.getFiler()
        .createResource(StandardLocation.CLASS_OUTPUT, "", REGISTRY).openWriter()) {
      for (String name : generated) {
        writer.write(name + "\n");
      }
    } catch (IOException | RuntimeException e) {
      reporter.warning(String.format(Messages.REGISTRY_NOT_WRITTEN, REGISTRY, e.getMessage()));
    }
  }

  private static void guarded(Reporter reporter, Element element, Runnable work) {
    try {
      work.run();
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (RuntimeException | Error e) {
      // A bug of ours must not abort the user's compile with a stack trace: report it on the class instead.
      reporter.error(element, null, "", String.format(Messages.INTERNAL_ERROR, element, e));
    }
  }

  /** Every annotation that declares a layer: the kinds' and {@code @Use}. */
  private static List<String> layerAnnotations() {
    List<String> result = new ArrayList<>(LayerKinds.annotations());
    result.add(LayerAnnotations.USE);
    return result;
  }
}
