package dev.fovea.processor.parse;

import static dev.fovea.processor.Messages.NON_POSITIVE;
import static dev.fovea.processor.Messages.PADDING_LENGTH;
import static dev.fovea.processor.Messages.PADDING_NEGATIVE;
import static dev.fovea.processor.Messages.PAIR_LENGTH;

import dev.fovea.annotations.Activation;
import dev.fovea.annotations.Padding;
import dev.fovea.processor.model.Conv2DSpec;
import dev.fovea.processor.model.DenseSpec;
import dev.fovea.processor.model.LayerSpec;
import dev.fovea.processor.model.PaddingSpec;
import dev.fovea.processor.model.Pool2DSpec;
import dev.fovea.processor.model.Pool2DSpec.PoolKind;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/** Reads one layer annotation into its spec, checking each attribute on its own. */
final class LayerParser {
  private final AnnotationValues values;
  private final Reporter reporter;

  LayerParser(AnnotationValues values, Reporter reporter) {
    this.values = values;
    this.reporter = reporter;
  }

  Optional<LayerSpec> parse(VariableElement field, AnnotationMirror mirror, String name) {
    String type = ((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().toString();
    Site site = new Site(field, mirror);
    switch (type) {
      case LayerAnnotations.CONV_2D:
        return conv(site, name);
      case LayerAnnotations.DENSE:
        return dense(site, name);
      case LayerAnnotations.MAX_POOL_2D:
        return pool(site, name, PoolKind.MAX);
      case LayerAnnotations.AVG_POOL_2D:
        return pool(site, name, PoolKind.AVERAGE);
      default:
        throw new IllegalStateException("not a layer annotation: " + type);
    }
  }

  /** Where an attribute's errors go. */
  private record Site(VariableElement field, AnnotationMirror mirror) {}

  private Optional<LayerSpec> conv(Site site, String name) {
    Optional<Integer> filters = positive(site, "filters");
    Optional<int[]> kernel = pair(site, "kernel");
    Optional<int[]> strides = pair(site, "strides");
    Optional<PaddingSpec> padding = padding(site);
    if (filters.isEmpty() || kernel.isEmpty() || strides.isEmpty() || padding.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Conv2DSpec(name, filters.get(), kernel.get()[0], kernel.get()[1], strides.get()[0],
        strides.get()[1], padding.get(), values.bool(site.mirror, "bias"), activation(site)));
  }

  private Optional<LayerSpec> dense(Site site, String name) {
    return positive(site, "units")
        .map(units -> new DenseSpec(name, units, values.bool(site.mirror, "bias"), activation(site)));
  }

  private Optional<LayerSpec> pool(Site site, String name, PoolKind kind) {
    Optional<int[]> window = pair(site, "value");
    boolean defaultStrides = values.intArray(site.mirror, "strides").map(List::isEmpty).orElse(false);
    Optional<int[]> strides = defaultStrides ? window : pair(site, "strides");
    if (window.isEmpty() || strides.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Pool2DSpec(name, kind, window.get()[0], window.get()[1], strides.get()[0],
        strides.get()[1]));
  }

  private Activation activation(Site site) {
    String name = values.enumName(site.mirror, "activation");
    return name.isEmpty() ? Activation.LINEAR : Activation.valueOf(name);
  }

  private Optional<Integer> positive(Site site, String attribute) {
    Optional<Integer> value = values.intValue(site.mirror, attribute);
    if (value.isPresent() && value.get() <= 0) {
      error(site, attribute, String.format(NON_POSITIVE, attribute, value.get()));
      return Optional.empty();
    }
    return value;
  }

  /** One value for both directions or {vertical, horizontal}; each positive. */
  private Optional<int[]> pair(Site site, String attribute) {
    Optional<List<Integer>> list = values.intArray(site.mirror, attribute);
    if (list.isEmpty()) {
      return Optional.empty();
    }
    List<Integer> v = list.get();
    if (v.size() != 1 && v.size() != 2) {
      error(site, attribute, String.format(PAIR_LENGTH, attribute, v.size()));
      return Optional.empty();
    }
    boolean ok = true;
    for (int x : v) {
      if (x <= 0) {
        error(site, attribute, String.format(NON_POSITIVE, attribute, x));
        ok = false;
      }
    }
    return ok ? Optional.of(new int[] {v.get(0), v.get(v.size() - 1)}) : Optional.empty();
  }

  private Optional<PaddingSpec> padding(Site site) {
    Optional<List<Integer>> list = values.intArray(site.mirror, "padding");
    if (list.isEmpty()) {
      return Optional.empty();
    }
    List<Integer> v = list.get();
    if (v.size() == 1 && v.get(0) == Padding.SAME) {
      return Optional.of(PaddingSpec.SAME);
    }
    if (v.size() != 1 && v.size() != 2 && v.size() != 4) {
      error(site, "padding", String.format(PADDING_LENGTH, v.size()));
      return Optional.empty();
    }
    for (int x : v) {
      if (x < 0) {
        error(site, "padding", String.format(PADDING_NEGATIVE, x));
        return Optional.empty();
      }
    }
    return Optional.of(switch (v.size()) {
      case 1 -> PaddingSpec.explicit(v.get(0), v.get(0), v.get(0), v.get(0));
      case 2 -> PaddingSpec.explicit(v.get(0), v.get(0), v.get(1), v.get(1));
      default -> PaddingSpec.explicit(v.get(0), v.get(1), v.get(2), v.get(3));
    });
  }

  private void error(Site site, String attribute, String message) {
    reporter.error(site.field, site.mirror, attribute, message);
  }
}
