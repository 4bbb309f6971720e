package dev.fovea.processor.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.util.Elements;

/** Reads annotation attributes through mirrors, so every value keeps its source position for errors. */
public final class AnnotationValues {
  private final Elements elements;

  AnnotationValues(Elements elements) {
    this.elements = elements;
  }

  /** The mirror of the annotation with this qualified name on the element, if present. */
  public static Optional<AnnotationMirror> find(Element element, String annotationName) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(annotationName)) {
        return Optional.of(mirror);
      }
    }
    return Optional.empty();
  }

  /** The value as written in source, or empty when the attribute takes its default. */
  static Optional<AnnotationValue> explicit(AnnotationMirror mirror, String attribute) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : mirror.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(attribute)) {
        return Optional.of(e.getValue());
      }
    }
    return Optional.empty();
  }

  private Object raw(AnnotationMirror mirror, String attribute) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        elements.getElementValuesWithDefaults(mirror).entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(attribute)) {
        return e.getValue().getValue();
      }
    }
    throw new IllegalArgumentException("no attribute " + attribute + " on " + mirror);
  }

  /** An int attribute; empty when javac could not evaluate it (it reports that itself). */
  Optional<Integer> intValue(AnnotationMirror mirror, String attribute) {
    return raw(mirror, attribute) instanceof Integer i ? Optional.of(i) : Optional.empty();
  }

  /** A double attribute; empty when javac could not evaluate it (it reports that itself). */
  Optional<Double> doubleValue(AnnotationMirror mirror, String attribute) {
    return raw(mirror, attribute) instanceof Double d ? Optional.of(d) : Optional.empty();
  }

  Optional<List<Integer>> intArray(AnnotationMirror mirror, String attribute) {
    if (!(raw(mirror, attribute) instanceof List<?> list)) {
      return Optional.empty();
    }
    List<Integer> result = new ArrayList<>();
    for (Object item : list) {
      if (!(item instanceof AnnotationValue value) || !(value.getValue() instanceof Integer i)) {
        return Optional.empty();
      }
      result.add(i);
    }
    return Optional.of(result);
  }

  List<String> stringArray(AnnotationMirror mirror, String attribute) {
    List<String> result = new ArrayList<>();
    if (raw(mirror, attribute) instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof AnnotationValue value && value.getValue() instanceof String s) {
          result.add(s);
        }
      }
    }
    return result;
  }

  String string(AnnotationMirror mirror, String attribute) {
    return raw(mirror, attribute) instanceof String s ? s : "";
  }

  boolean bool(AnnotationMirror mirror, String attribute) {
    return raw(mirror, attribute) instanceof Boolean b && b;
  }

  /** The constant name of an enum attribute, e.g. "RELU". */
  String enumName(AnnotationMirror mirror, String attribute) {
    return raw(mirror, attribute) instanceof VariableElement v ? v.getSimpleName().toString() : "";
  }

  /** A Class attribute's type; empty when javac could not resolve it (it reports that itself). */
  Optional<TypeElement> type(AnnotationMirror mirror, String attribute) {
    return raw(mirror, attribute) instanceof DeclaredType t && t.asElement() instanceof TypeElement e
        ? Optional.of(e) : Optional.empty();
  }

  Optional<AnnotationMirror> annotation(AnnotationMirror mirror, String attribute) {
    return raw(mirror, attribute) instanceof AnnotationMirror m ? Optional.of(m) : Optional.empty();
  }
}
