package dev.fovea.processor.parse;

import static dev.fovea.processor.Messages.ARG_MISSING;
import static dev.fovea.processor.Messages.ARG_OUTSIDE_BLOCK;
import static dev.fovea.processor.Messages.IN_BLOCK;
import static dev.fovea.processor.Messages.NEGATIVE;
import static dev.fovea.processor.Messages.NON_POSITIVE;
import static dev.fovea.processor.Messages.NOT_FINITE;
import static dev.fovea.processor.Messages.NUMBER_OUT_OF_RANGE;
import static dev.fovea.processor.Messages.PADDING_LENGTH;
import static dev.fovea.processor.Messages.PADDING_NEGATIVE;
import static dev.fovea.processor.Messages.PAIR_LENGTH;

import dev.fovea.annotations.Activation;
import dev.fovea.annotations.Block;
import dev.fovea.annotations.Padding;
import dev.fovea.processor.model.PaddingSpec;
import java.util.ArrayList;
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
  private final List<Integer> args;
  private final String context;

  /**
   * @param args a block use's arguments, which fill in {@code ARG1...}; null outside a block
   * @param context what precedes every message inside a block ({@code layer1.0.conv1 (block BasicBlock)}), or null
   */
  Attributes(AnnotationValues values, Reporter reporter, VariableElement field, AnnotationMirror mirror,
      List<Integer> args, String context) {
    this.values = values;
    this.reporter = reporter;
    this.field = field;
    this.mirror = mirror;
    this.args = args;
    this.context = context;
  }

  /** An int attribute with block arguments filled in; empty after reporting, or when javac could not evaluate it. */
  private Optional<Integer> intValue(String attribute) {
    Optional<Integer> value = values.intValue(mirror, attribute);
    return value.isEmpty() ? value : argument(attribute, value.get());
  }

  /** An int-array attribute with block arguments filled in; empty after reporting, or when javac could not. */
  public Optional<List<Integer>> ints(String attribute) {
    Optional<List<Integer>> list = values.intArray(mirror, attribute);
    if (list.isEmpty()) {
      return list;
    }
    List<Integer> result = new ArrayList<>();
    for (int v : list.get()) {
      Optional<Integer> filled = argument(attribute, v);
      if (filled.isEmpty()) {
        return Optional.empty();
      }
      result.add(filled.get());
    }
    return Optional.of(result);
  }

  /** {@code value}, or the block argument it stands for ({@code Block.ARG1...}). */
  private Optional<Integer> argument(String attribute, int value) {
    if (value > Block.ARG1 || value < Block.ARG8) {
      return Optional.of(value);
    }
    int k = Block.ARG1 - value + 1;
    if (args == null) {
      error(attribute, String.format(ARG_OUTSIDE_BLOCK, attribute, k));
      return Optional.empty();
    }
    if (k > args.size()) {
      error(attribute, String.format(ARG_MISSING, attribute, k, field.getEnclosingElement().getSimpleName(),
          args.size()));
      return Optional.empty();
    }
    return Optional.of(args.get(k - 1));
  }

  /** A whole number of at least 1. */
  public Optional<Integer> positive(String attribute) {
    Optional<Integer> value = intValue(attribute);
    if (value.isPresent() && value.get() <= 0) {
      error(attribute, String.format(NON_POSITIVE, attribute, value.get()));
      return Optional.empty();
    }
    return value;
  }

  /** One value for both directions or {vertical, horizontal}; each positive. */
  public Optional<int[]> pair(String attribute) {
    return pair(attribute, 1, NON_POSITIVE);
  }

  /** One value for both directions or {vertical, horizontal}; each zero or more. */
  public Optional<int[]> nonNegativePair(String attribute) {
    return pair(attribute, 0, NEGATIVE);
  }

  /** A pair whose values are each at least {@code min}; {@code tooSmall} formats the attribute and the value. */
  private Optional<int[]> pair(String attribute, int min, String tooSmall) {
    Optional<List<Integer>> list = ints(attribute);
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
      if (x < min) {
        error(attribute, String.format(tooSmall, attribute, x));
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
    Optional<List<Integer>> list = ints("padding");
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

  /**
   * A double attribute within [min, max] (above min when {@code minExcluded}); empty after reporting, or when javac
   * could not evaluate it.
   */
  public Optional<Double> number(String attribute, double min, boolean minExcluded, double max) {
    return number(attribute, min, minExcluded, max, Double.isInfinite(max));
  }

  /** As {@link #number(String, double, boolean, double)}, with max itself excluded when {@code maxExcluded}. */
  public Optional<Double> number(String attribute, double min, boolean minExcluded, double max,
      boolean maxExcluded) {
    Optional<Double> value = values.doubleValue(mirror, attribute);
    if (value.isEmpty()) {
      return value;
    }
    double v = value.get();
    if (!(minExcluded ? v > min : v >= min) || !(maxExcluded ? v < max : v <= max)) {
      String range = (minExcluded ? "(" : "[") + min + ", " + (Double.isInfinite(max) ? "infinity" : max)
          + (maxExcluded ? ")" : "]");
      error(attribute, String.format(NUMBER_OUT_OF_RANGE, attribute, range, v));
      return Optional.empty();
    }
    return value;
  }

  public boolean bool(String attribute) {
    return values.bool(mirror, attribute);
  }

  /** {@code activation}, LINEAR when javac could not evaluate it. */
  public Activation activation() {
    return activation("activation");
  }

  /** An Activation attribute, LINEAR when javac could not evaluate it. */
  public Activation activation(String attribute) {
    String name = values.enumName(mirror, attribute);
    return name.isEmpty() ? Activation.LINEAR : Activation.valueOf(name);
  }

  public void error(String attribute, String message) {
    reporter.error(field, mirror, attribute, context == null ? message : String.format(IN_BLOCK, context, message));
  }

  /** A whole number of 0 or more; {@code message} formats a negative value. */
  public Optional<Integer> nonNegative(String attribute, String message) {
    Optional<Integer> value = intValue(attribute);
    if (value.isPresent() && value.get() < 0) {
      error(attribute, String.format(message, value.get()));
      return Optional.empty();
    }
    return value;
  }

  /** A finite double (annotations can hold NaN and infinities); empty after reporting. */
  public Optional<Double> finite(String attribute) {
    Optional<Double> value = values.doubleValue(mirror, attribute);
    if (value.isPresent() && !Double.isFinite(value.get())) {
      error(attribute, String.format(NOT_FINITE, attribute, value.get()));
      return Optional.empty();
    }
    return value;
  }

  /** A list of finite doubles; empty after reporting the first that is not. */
  public Optional<List<Double>> finiteList(String attribute) {
    Optional<List<Double>> list = values.doubleArray(mirror, attribute);
    for (double v : list.orElse(List.of())) {
      if (!Double.isFinite(v)) {
        error(attribute, String.format(NOT_FINITE, attribute, v));
        return Optional.empty();
      }
    }
    return list;
  }

  /** The constant name of an enum attribute, or "" when javac could not evaluate it. */
  public String constant(String attribute) {
    return values.enumName(mirror, attribute);
  }
}
