package dev.fovea.processor.parse;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/** Prints diagnostics at the element, annotation and attribute they concern, and counts the errors. */
public final class Reporter {
  private final Messager messager;
  private int errors;

  public Reporter(Messager messager) {
    this.messager = messager;
  }

  /** Reports at the attribute's value when written in source, else at the annotation, else at the element. */
  public void report(boolean warning, Element element, AnnotationMirror mirror, String attribute, String message) {
    Diagnostic.Kind kind = warning ? Diagnostic.Kind.WARNING : Diagnostic.Kind.ERROR;
    if (!warning) {
      errors++;
    }
    if (mirror == null) {
      messager.printMessage(kind, message, element);
      return;
    }
    var value = attribute.isEmpty() ? null : AnnotationValues.explicit(mirror, attribute).orElse(null);
    if (value == null) {
      messager.printMessage(kind, message, element, mirror);
    } else {
      messager.printMessage(kind, message, element, mirror, value);
    }
  }

  public void error(Element element, AnnotationMirror mirror, String attribute, String message) {
    report(false, element, mirror, attribute, message);
  }

  public void note(Element element, String message) {
    messager.printMessage(Diagnostic.Kind.NOTE, message, element);
  }

  /** A warning not tied to any element. */
  public void warning(String message) {
    messager.printMessage(Diagnostic.Kind.WARNING, message);
  }

  public int errorCount() {
    return errors;
  }
}
