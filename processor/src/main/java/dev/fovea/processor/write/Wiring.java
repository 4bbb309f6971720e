package dev.fovea.processor.write;

import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.LayerPlan.Source;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The buffers one layer reads and writes.
 *
 * @param sources the activations of each layer read, in {@code from} order
 * @param sourceGrads where the layer adds dLoss/dInput for each layer read (the generated backward zeroes them
 *     first), null for the network's input, which needs none
 * @param out the layer's output activations
 * @param grad dLoss/dOutput, complete (every reader has added to it) before this layer's backward pass
 */
public record Wiring(List<String> sources, List<String> sourceGrads, String out, String grad) {

  public Wiring {
    sources = List.copyOf(sources);
    sourceGrads = Collections.unmodifiableList(new ArrayList<>(sourceGrads));
  }

  /** The buffers of {@code layer} in a generated class, named as {@link NetworkWriter} declares them. */
  static Wiring of(LayerPlan layer) {
    List<String> sources = new ArrayList<>();
    List<String> grads = new ArrayList<>();
    for (Source source : layer.sources()) {
      sources.add(source.isNetworkInput() ? "input" : NetworkWriter.out(source.name()));
      grads.add(source.isNetworkInput() ? null : NetworkWriter.grad(source.name()));
    }
    return new Wiring(sources, grads, NetworkWriter.out(layer.name()), NetworkWriter.grad(layer.name()));
  }

  /** The (first) layer read. */
  public String source() {
    return sources.get(0);
  }

  /** Where dLoss/d(first input) goes, or null for the network's input. */
  public String sourceGrad() {
    return sourceGrads.get(0);
  }

  public boolean needsInputGradient() {
    return sourceGrad() != null;
  }
}
