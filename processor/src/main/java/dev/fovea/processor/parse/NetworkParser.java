package dev.fovea.processor.parse;

import static dev.fovea.processor.Messages.DUPLICATE_NAME;
import static dev.fovea.processor.Messages.INVALID_NAME;
import static dev.fovea.processor.Messages.LAYER_STATIC;
import static dev.fovea.processor.Messages.NON_POSITIVE;
import static dev.fovea.processor.Messages.NO_LAYERS;
import static dev.fovea.processor.Messages.TWO_LAYER_ANNOTATIONS;

import dev.fovea.processor.model.LayerSpec;
import dev.fovea.processor.model.NetworkSpec;
import dev.fovea.processor.model.Shape;
import dev.fovea.processor.op.LayerKinds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/** Turns a class annotated with {@code @Network} into a {@link NetworkSpec}, reporting every mistake it sees. */
public final class NetworkParser {
  /** What a layer name may be: it becomes part of generated identifiers and of parameter names. */
  public static final Pattern LAYER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

  /** A parsed network and, per layer, where it was declared (to place later errors). */
  public record Parsed(NetworkSpec spec, AnnotationMirror networkMirror, List<LayerSource> sources) {}

  /** The field and annotation that declared a layer. */
  public record LayerSource(VariableElement field, AnnotationMirror mirror) {}

  private final Elements elements;
  private final AnnotationValues values;
  private final Reporter reporter;

  public NetworkParser(Elements elements, Reporter reporter) {
    this.elements = elements;
    this.values = new AnnotationValues(elements);
    this.reporter = reporter;
  }

  /** The spec, or empty when the class has errors (all of them reported). */
  public Optional<Parsed> parse(TypeElement type) {
    int errorsBefore = reporter.errorCount();
    AnnotationMirror network = AnnotationValues.find(type, LayerAnnotations.NETWORK).orElseThrow();
    Shape input = parseInput(type, network);
    List<LayerSpec> layers = new ArrayList<>();
    List<LayerSource> sources = new ArrayList<>();
    Map<String, VariableElement> names = new HashMap<>();
    boolean complete = true;
    int declared = 0;
    for (Element member : type.getEnclosedElements()) {
      if (member.getKind() != ElementKind.FIELD) {
        continue;
      }
      VariableElement field = (VariableElement) member;
      List<AnnotationMirror> mirrors = layerMirrors(field);
      if (mirrors.isEmpty()) {
        continue;
      }
      AnnotationMirror mirror = mirrors.get(0);
      if (mirrors.size() > 1) {
        reporter.error(field, mirrors.get(1), "", String.format(TWO_LAYER_ANNOTATIONS, field.getSimpleName(),
            annotationName(mirror), annotationName(mirrors.get(1))));
      }
      if (field.getModifiers().contains(Modifier.STATIC)) {
        reporter.error(field, mirror, "", String.format(LAYER_STATIC, field.getSimpleName()));
      }
      String name = layerName(field, mirror, names);
      String annotation = ((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().toString();
      Optional<? extends LayerSpec> layer = LayerKinds.forAnnotation(annotation).orElseThrow()
          .parse(new Attributes(values, reporter, field, mirror), name);
      // Empty without an error of ours means javac could not evaluate an attribute and reports that itself.
      complete &= layer.isPresent();
      layer.ifPresent(spec -> {
        layers.add(spec);
        sources.add(new LayerSource(field, mirror));
      });
      declared++;
    }
    if (declared == 0) {
      reporter.error(type, network, "", String.format(NO_LAYERS, type.getSimpleName(), LayerKinds.annotationList()));
    }
    if (reporter.errorCount() > errorsBefore || input == null || !complete) {
      return Optional.empty();
    }
    String packageName = elements.getPackageOf(type).getQualifiedName().toString();
    NetworkSpec spec = new NetworkSpec(packageName, type.getSimpleName().toString(), generatedName(type), input,
        layers, values.stringArray(network, "labels"));
    return Optional.of(new Parsed(spec, network, sources));
  }

  /** {@code LeNet5} gives {@code LeNet5Net}; a nested {@code Outer.Inner} gives {@code Outer_InnerNet}. */
  public static String generatedName(TypeElement type) {
    StringBuilder name = new StringBuilder(type.getSimpleName());
    for (Element e = type.getEnclosingElement(); !(e instanceof PackageElement); e = e.getEnclosingElement()) {
      name.insert(0, e.getSimpleName() + "_");
    }
    return name + "Net";
  }

  private Shape parseInput(TypeElement type, AnnotationMirror network) {
    Optional<AnnotationMirror> input = values.annotation(network, "input");
    if (input.isEmpty()) {
      return null;
    }
    int[] dims = new int[3];
    String[] attributes = {"channels", "height", "width"};
    boolean ok = true;
    for (int i = 0; i < 3; i++) {
      Optional<Integer> value = values.intValue(input.get(), attributes[i]);
      if (value.isEmpty()) {
        return null;
      }
      dims[i] = value.get();
      if (dims[i] <= 0) {
        reporter.error(type, network, "input", String.format(NON_POSITIVE, "input " + attributes[i], dims[i]));
        ok = false;
      }
    }
    return ok ? Shape.spatial(dims[0], dims[1], dims[2]) : null;
  }

  private String layerName(VariableElement field, AnnotationMirror mirror, Map<String, VariableElement> seen) {
    String explicit = values.string(mirror, "name");
    String name = explicit.isEmpty() ? field.getSimpleName().toString() : explicit;
    if (!LAYER_NAME.matcher(name).matches()) {
      reporter.error(field, mirror, "name", String.format(INVALID_NAME, name));
    } else if (seen.putIfAbsent(name, field) != null) {
      reporter.error(field, mirror, "name", String.format(DUPLICATE_NAME, name, name));
    }
    return name;
  }

  /** The field's layer annotations in the order they are written, so errors name and point at the second. */
  private static List<AnnotationMirror> layerMirrors(Element field) {
    List<AnnotationMirror> result = new ArrayList<>();
    for (AnnotationMirror mirror : field.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (LayerKinds.forAnnotation(type.getQualifiedName().toString()).isPresent()) {
        result.add(mirror);
      }
    }
    return result;
  }

  private static String annotationName(AnnotationMirror mirror) {
    return mirror.getAnnotationType().asElement().getSimpleName().toString();
  }
}
