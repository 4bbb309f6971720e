package dev.fovea.processor;

import static dev.fovea.processor.Messages.LAYER_NOT_IN_CLASS;
import static dev.fovea.processor.Messages.LAYER_NOT_IN_NETWORK;
import static dev.fovea.processor.Messages.NETWORK_NOT_ON_CLASS;

import dev.fovea.processor.parse.AnnotationValues;
import dev.fovea.processor.parse.LayerAnnotations;
import dev.fovea.processor.parse.Reporter;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import java.util.Locale;

/** Checks that annotations sit where they mean something: networks on classes, layers on their fields. */
final class Placement {
  private final Reporter reporter;

  Placement(Reporter reporter) {
    this.reporter = reporter;
  }

  /** True when the element is a class, the only kind of type a network can be. */
  boolean checkNetwork(Element element) {
    if (element.getKind() == ElementKind.CLASS) {
      return true;
    }
    reporter.error(element, mirror(element, LayerAnnotations.NETWORK), "", String.format(NETWORK_NOT_ON_CLASS,
        kindName(element), element.getSimpleName()));
    return false;
  }

  /** Reports a layer annotation outside a {@code @Network} class; those inside are the parser's business. */
  void checkLayer(Element field, String annotation) {
    Element owner = field.getEnclosingElement();
    AnnotationMirror mirror = mirror(field, annotation);
    String simple = LayerAnnotations.simpleName(annotation);
    if (field.getKind() != ElementKind.FIELD || owner.getKind() != ElementKind.CLASS) {
      reporter.error(field, mirror, "", String.format(LAYER_NOT_IN_CLASS, simple, field.getSimpleName(),
          kindName(owner), owner.getSimpleName()));
    } else if (mirror(owner, LayerAnnotations.NETWORK) == null && mirror(owner, LayerAnnotations.BLOCK) == null) {
      reporter.error(field, mirror, "", String.format(LAYER_NOT_IN_NETWORK, field.getSimpleName(),
          ((TypeElement) owner).getQualifiedName()));
    }
  }

  private static AnnotationMirror mirror(Element element, String annotation) {
    return AnnotationValues.find(element, annotation).orElse(null);
  }

  private static String kindName(Element element) {
    return switch (element.getKind()) {
      case INTERFACE -> "interface";
      case ENUM -> "enum";
      case ANNOTATION_TYPE -> "annotation type";
      case ENUM_CONSTANT -> "enum constant";
      default -> element.getKind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    };
  }
}
