package dev.fovea.processor.model;

import static dev.fovea.processor.Messages.FROM_MERGE;
import static dev.fovea.processor.Messages.FROM_ONE;
import static dev.fovea.processor.Messages.FROM_UNKNOWN;
import static dev.fovea.processor.Messages.LABEL_COUNT;
import static dev.fovea.processor.Messages.SOFTMAX_NOT_LAST;
import static dev.fovea.processor.Messages.TOO_LARGE;
import static dev.fovea.processor.Messages.UNUSED_OUTPUT;

import dev.fovea.annotations.Activation;
import dev.fovea.processor.model.LayerPlan.Source;
import dev.fovea.processor.op.LayerKinds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Walks the layers in declaration order (a layer reads only layers declared above it, so that order is
 * topological), asking each layer's kind for its output shape, parameters and costs, and collects every problem
 * rather than the first.
 */
public final class ShapeInference {

  /** The outcome: a plan when there were no errors, and every problem found (warnings included). */
  public record Result(NetworkPlan plan, List<Problem> problems) {
    public boolean ok() {
      return plan != null;
    }
  }

  /** The longest Java array HotSpot allocates. */
  public static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  private final List<Problem> problems = new ArrayList<>();
  private final List<LayerPlan> layers = new ArrayList<>();
  private long offset;

  private ShapeInference() {}

  public static Result infer(NetworkSpec spec) {
    return new ShapeInference().run(spec);
  }

  /** Output length along one axis; callers have checked that the window fits. */
  public static int outputSize(int n, int padBefore, int padAfter, int window, int stride) {
    return Math.floorDiv(n + padBefore + padAfter - window, stride) + 1;
  }

  private Result run(NetworkSpec spec) {
    // Output shapes by layer name; null where a layer's shape is unknown because of an error.
    Map<String, Shape> shapes = new HashMap<>();
    Map<String, LayerPlan> plans = new HashMap<>();
    Shape input = spec.input();
    long inputSize = (long) input.channels() * input.height() * input.width();
    if (inputSize > MAX_ARRAY) {
      report(Problem.error(-1, "", String.format(TOO_LARGE, "the input", inputSize, MAX_ARRAY)));
      input = null;
    }
    shapes.put(NetworkSpec.INPUT, input);
    Set<String> read = new HashSet<>();
    List<LayerSpec> specs = spec.layers();
    for (int i = 0; i < specs.size(); i++) {
      LayerSpec layer = specs.get(i);
      if (layer.activation() == Activation.SOFTMAX && i != specs.size() - 1) {
        report(Problem.error(i, "activation", SOFTMAX_NOT_LAST));
      }
      List<String> names = spec.sources(i);
      read.addAll(names);
      List<Source> sources = sources(i, layer, names, shapes);
      if (sources == null) {
        // An input's shape is unknown: keep checking what needs no shape; some kinds restart the walk.
        shapes.put(layer.name(), LayerKinds.outputWithoutInput(layer).orElse(null));
        continue;
      }
      List<LayerPlan> sourcePlans = names.stream().map(plans::get).toList();
      LayerPlan plan = LayerKinds.infer(layer, new LayerContext(this, i, sources, sourcePlans, spec.input()));
      shapes.put(layer.name(), plan == null ? null : plan.output());
      if (plan != null) {
        layers.add(plan);
        plans.put(plan.name(), plan);
      }
    }
    for (int i = 0; i < specs.size() - 1; i++) {
      if (!read.contains(specs.get(i).name())) {
        report(Problem.warning(i, "", String.format(UNUSED_OUTPUT, specs.get(i).name())));
      }
    }
    Shape output = specs.isEmpty() ? null : shapes.get(specs.get(specs.size() - 1).name());
    if (output != null && !spec.labels().isEmpty() && spec.labels().size() != output.size()) {
      report(Problem.error(-1, "labels", String.format(LABEL_COUNT, spec.labels().size(), output.size())));
    }
    boolean failed = layers.size() < specs.size() || problems.stream().anyMatch(p -> !p.warning());
    return new Result(failed ? null : new NetworkPlan(spec, layers, (int) offset), List.copyOf(problems));
  }

  /**
   * The layers {@code layer} reads with their shapes, or null when one is unknown: not declared above (reported
   * here), or failed earlier (reported there).
   */
  private List<Source> sources(int i, LayerSpec layer, List<String> names, Map<String, Shape> shapes) {
    boolean merges = LayerKinds.merges(layer);
    if (merges ? names.size() < 2 : names.size() != 1) {
      report(Problem.error(i, "from", String.format(merges ? FROM_MERGE : FROM_ONE, layer.kindName(),
          names.size())));
      return null;
    }
    List<Source> sources = new ArrayList<>();
    boolean known = true;
    for (String name : names) {
      if (!shapes.containsKey(name)) {
        report(Problem.error(i, "from", String.format(FROM_UNKNOWN, name, layer.name())));
        known = false;
      } else if (shapes.get(name) == null) {
        known = false;
      } else {
        sources.add(new Source(name, shapes.get(name)));
      }
    }
    return known ? sources : null;
  }

  void report(Problem problem) {
    problems.add(problem);
  }

  long parameterOffset() {
    return offset;
  }

  ParamPlan param(String name, List<Integer> shape, int fanIn, int fanOut, String init) {
    // Callers have checked that the offset fits in an int.
    ParamPlan plan = new ParamPlan(name, shape, (int) offset, fanIn, fanOut, init);
    offset += plan.length();
    return plan;
  }
}
