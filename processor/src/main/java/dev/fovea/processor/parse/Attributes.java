package dev.fovea.processor.parse;

import static dev.fovea.processor.Messages.NON_POSITIVE;
import static dev.fovea.processor.Messages.PADDING_LENGTH;
import static dev.fovea.processor.Messages.PADDING_NEGATIVE;
import static dev.fovea.processor.Messages.PAIR_LENGTH;

import dev.fovea.annotations.Activation;
import dev.fovea.annotations.Padding;
import dev.fovea.processor.model.PaddingSpec;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.VariableElement;

/**
 * The attributes of one layer annotation, read and checked one at a time; every error goes to the attribute's
 * value on the annotation's line. Each reader returns empty after reporting, or when javac could not evaluate the
 * value (javac reports that itself).
 */
public final class Attributes {
  private final AnnotationValues values;
  private final Reporter reporter;
  private final VariableElement field;
  private final AnnotationMirror mirror;

  Attributes(AnnotationValues values, Reporter reporter, VariableElement field, AnnotationMirror mirror) {
    this.values = values;
    this.reporter = reporter;
    this.field = field;
    this.mirror = mirror;
  }

  /** A whole number of at least 1. */
  public Optional<Integer> positive(String attribute) {
    Optional<Integer> value = values.intValue(mirror, attribute);
    if (value.isPresent() && value.get() <= 0) {
      error(attribute, String.format(NON_POSITIVE, attribute, value.get()));
      return Optional.empty();
    }
    return value;
  }

  /** One value for both directions or {vertical, horizontal}; each positive. */
  public Optional<int[]> pair(String attribute) {
    Optional<List<Integer>> list = values.intArray(mirror, attribute);
    if (list.isEmpty()) {
      return Optional.empty();
    }
    List<Integer> v = list.get();
    if (v.size() != 1 && v.size() != 2) {
      error(attribute, String.format(PAIR_LENGTH, attribute, v.size()));
      return Optional.empty();
    }
    boolean ok = true;
    for (int x : v) {
      if (x <= 0) {
        error(attribute, String.format(NON_POSITIVE, attribute, x));
        ok = false;
      }
    }
    return ok ? Optional.of(new int[] {v.get(0), v.get(v.size() - 1)}) : Optional.empty();
  }

  /** Whether an int-array attribute was left at its empty default, e.g. pooling strides meaning "the window". */
  public boolean isEmptyArray(String attribute) {
    return values.intArray(mirror, attribute).map(List::isEmpty).orElse(false);
  }

  /** {@code padding}: SAME, or 1, 2 or 4 non-negative amounts. */
  public Optional<PaddingSpec> padding() {
    Optional<List<Integer>> list = values.intArray(mirror, "padding");
    if (list.isEmpty()) {
      return Optional.empty();
    }
    List<Integer> v = list.get();
    if (v.size() == 1 && v.get(0) == Padding.SAME) {
      return Optional.of(PaddingSpec.SAME);
    }
    if (v.size() != 1 && v.size() != 2 && v.size() != 4) {
      error("padding", String.format(PADDING_LENGTH, v.size()));
      return Optional.empty();
    }
    for (int x : v) {
      if (x < 0) {
        error("padding", String.format(PADDING_NEGATIVE, x));
        return Optional.empty();
      }
    }
    return Optional.of(switch (v.size()) {
      case 1 -> PaddingSpec.explicit(v.get(0), v.get(0), v.get(0), v.get(0));
      case 2 -> PaddingSpec.explicit(v.get(0), v.get(0), v.get(1), v.get(1));
      default -> PaddingSpec.explicit(v.get(0), v.get(1), v.get(2), v.get(3));
    });
  }

  public boolean bool(String attribute) {
    return values.bool(mirror, attribute);
  }

  /** {@code activation}, LINEAR when javac could not evaluate it. */
  public Activation activation() {
    String name = values.enumName(mirror, "activation");
    return name.isEmpty() ? Activation.LINEAR : Activation.valueOf(name);
  }

  public void error(String attribute, String message) {
    reporter.error(field, mirror, attribute, message);
  }
}
