package dev.fovea.processor.model;

import static dev.fovea.processor.Messages.LABEL_COUNT;
import static dev.fovea.processor.Messages.SOFTMAX_NOT_LAST;
import static dev.fovea.processor.Messages.TOO_LARGE;

import dev.fovea.annotations.Activation;
import dev.fovea.processor.op.LayerKinds;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Walks the layers in order, asking each layer's kind for its output shape, parameters and costs, and collects
 * every problem rather than the first.
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
    Shape shape = spec.input();
    long inputSize = (long) shape.channels() * shape.height() * shape.width();
    if (inputSize > MAX_ARRAY) {
      report(Problem.error(-1, "", String.format(TOO_LARGE, "the input", inputSize, MAX_ARRAY)));
      shape = null;
    }
    LayerPlan previous = null;
    String flatSource = null;
    List<LayerSpec> specs = spec.layers();
    for (int i = 0; i < specs.size(); i++) {
      LayerSpec layer = specs.get(i);
      if (layer.activation() == Activation.SOFTMAX && i != specs.size() - 1) {
        report(Problem.error(i, "activation", SOFTMAX_NOT_LAST));
      }
      if (shape == null) {
        // An earlier layer's shape failed: keep checking what needs no shape; some kinds restart the walk.
        Optional<Shape> restart = LayerKinds.outputWithoutInput(layer);
        shape = restart.orElse(null);
        flatSource = restart.isPresent() ? layer.name() : flatSource;
        continue;
      }
      LayerPlan plan = LayerKinds.infer(layer, new LayerContext(this, i, shape, spec.input(), previous, flatSource));
      if (plan == null) {
        shape = null;
        continue;
      }
      layers.add(plan);
      previous = plan;
      shape = plan.output();
      flatSource = shape.flat() ? plan.name() : flatSource;
    }
    if (shape != null && !spec.labels().isEmpty() && spec.labels().size() != shape.size()) {
      report(Problem.error(-1, "labels", String.format(LABEL_COUNT, spec.labels().size(), shape.size())));
    }
    boolean failed = layers.size() < specs.size() || problems.stream().anyMatch(p -> !p.warning());
    return new Result(failed ? null : new NetworkPlan(spec, layers, (int) offset), List.copyOf(problems));
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
