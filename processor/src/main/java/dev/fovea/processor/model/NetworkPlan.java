package dev.fovea.processor.model;

import java.util.List;

/** A network whose every shape, offset and cost is known: what the writers see. */
public record NetworkPlan(NetworkSpec spec, List<LayerPlan> layers, int parameterCount) {

  public NetworkPlan {
    layers = List.copyOf(layers);
  }

  public LayerPlan last() {
    return layers.get(layers.size() - 1);
  }

  public Shape input() {
    return spec.input();
  }

  public Shape output() {
    return last().output();
  }

  public List<ParamPlan> params() {
    return layers.stream().flatMap(l -> l.params().stream()).toList();
  }
}
