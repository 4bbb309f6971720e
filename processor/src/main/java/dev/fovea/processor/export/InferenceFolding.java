package dev.fovea.processor.export;

import dev.fovea.annotations.Activation;
import dev.fovea.processor.model.Conv2DSpec;
import dev.fovea.processor.model.DenseSpec;
import dev.fovea.processor.model.LayerSpec;
import dev.fovea.processor.model.NetworkPlan;
import dev.fovea.processor.model.NetworkSpec;
import dev.fovea.processor.model.ParamPlan;
import dev.fovea.processor.model.ShapeInference;
import dev.fovea.processor.op.BatchNormKind;
import dev.fovea.processor.op.DepthwiseKind;
import dev.fovea.processor.op.DropoutKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rewrites a trained network for evaluation before export: dropout, the identity in evaluation, goes, and a batch
 * norm folds into the convolution or dense layer before it when that layer has no activation and nothing else
 * reads it, so the classifier runs one layer where the runtime runs two.
 *
 * <p>With {@code s = gamma / sqrt(running_var + eps)} per output channel, the folded layer's weights are
 * {@code w * s} and its bias {@code (b - running_mean) * s + beta} (b = 0 for a layer without bias, which gains
 * one), computed in double and rounded once; its activation is the batch norm's. The folded layer takes the batch
 * norm's place in the order, so the layer that ends the network stays the one that ends it. A dropout that ends
 * the network stays: its output is the network's, and the classifier reads its softmax from the last layer.
 */
public final class InferenceFolding {
  /** When a folded weight or bias is infinite or NaN: layer, batch norm. */
  static final String NOT_FINITE = "folding batch norm %s into %s gives a weight that is not finite (its running"
      + " variance plus eps is %s): the batch norm's state is damaged; retrain or reload the weights";

  /**
   * The network the classifier runs and its flat parameters.
   *
   * @param folded the batch norms folded, each mapped to the layer it was folded into
   * @param dropped the dropout layers left out
   */
  public record Folded(NetworkPlan plan, float[] parameters, Map<String, String> folded, List<String> dropped) {
    public Folded {
      folded = Map.copyOf(folded);
      dropped = List.copyOf(dropped);
    }

    /** Whether the classifier's outputs equal the runtime's bit for bit: nothing was folded (dropout is exact). */
    public boolean exact() {
      return folded.isEmpty();
    }
  }

  /** A layer that can absorb a batch norm: its spec with a bias and the batch norm's activation, and its tensors. */
  private record Target(LayerSpec folded, String weight, String bias) {}

  private InferenceFolding() {}

  /** The network with every foldable batch norm folded and every dropout but a last one left out. */
  public static Folded fold(NetworkPlan plan, float[] parameters) throws ExportException {
    NetworkSpec spec = plan.spec();
    List<LayerSpec> layers = spec.layers();
    int last = layers.size() - 1;
    // What each layer reads once the dropouts are gone, and how many layers read each output then.
    Map<String, String> replaced = new HashMap<>();
    Map<String, List<String>> reads = new LinkedHashMap<>();
    Map<String, Integer> readers = new HashMap<>();
    List<String> dropped = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      List<String> sources = spec.sources(i).stream().map(s -> replaced.getOrDefault(s, s)).toList();
      if (layers.get(i) instanceof DropoutKind.Spec && i != last) {
        replaced.put(layers.get(i).name(), sources.get(0));
        dropped.add(layers.get(i).name());
      } else {
        reads.put(layers.get(i).name(), sources);
        sources.forEach(s -> readers.merge(s, 1, Integer::sum));
      }
    }
    Map<String, LayerSpec> byName = new HashMap<>();
    layers.forEach(l -> byName.put(l.name(), l));
    Map<String, String> folded = new LinkedHashMap<>();
    Map<String, Target> targets = new HashMap<>();
    for (LayerSpec layer : layers) {
      if (layer instanceof BatchNormKind.Spec bn && reads.containsKey(bn.name())) {
        String source = reads.get(bn.name()).get(0);
        Target target = byName.containsKey(source) && readers.get(source) == 1
            ? target(byName.get(source), bn.activation()) : null;
        if (target != null) {
          folded.put(bn.name(), source);
          targets.put(source, target);
        }
      }
    }
    if (folded.isEmpty() && dropped.isEmpty()) {
      return new Folded(plan, parameters.clone(), folded, dropped);
    }
    // The folded layer moves to its batch norm's place, under its own name; whatever read the batch norm reads it.
    folded.forEach(replaced::put);
    List<LayerSpec> kept = new ArrayList<>();
    Map<String, List<String>> from = new HashMap<>();
    for (LayerSpec layer : layers) {
      String name = layer.name();
      if (!reads.containsKey(name) || targets.containsKey(name)) {
        continue;
      }
      String own = folded.getOrDefault(name, name);
      List<String> sources = reads.get(own).stream().map(s -> replaced.getOrDefault(s, s)).toList();
      List<String> byDefault = List.of(kept.isEmpty() ? NetworkSpec.INPUT : kept.get(kept.size() - 1).name());
      if (!sources.equals(byDefault)) {
        from.put(own, sources);
      }
      kept.add(targets.containsKey(own) ? targets.get(own).folded() : layer);
    }
    NetworkSpec rewritten = new NetworkSpec(spec.packageName(), spec.userClassName(), spec.generatedClassName(),
        spec.input(), kept, spec.labels(), from);
    ShapeInference.Result result = ShapeInference.infer(rewritten);
    if (!result.ok()) {
      throw new IllegalStateException("folding " + folded + " broke " + spec.userClassName() + ": "
          + result.problems());
    }
    NetworkPlan out = result.plan();
    return new Folded(out, parameters(plan, parameters, out, folded, targets), folded, dropped);
  }

  /** The layer a batch norm with {@code activation} can fold into, or null when {@code layer} cannot take it. */
  private static Target target(LayerSpec layer, Activation activation) {
    if (layer.activation() != Activation.LINEAR) {
      return null;
    }
    String n = layer.name();
    if (layer instanceof Conv2DSpec c) {
      return new Target(new Conv2DSpec(n, c.filters(), c.kernelHeight(), c.kernelWidth(), c.strideHeight(),
          c.strideWidth(), c.padding(), true, activation, c.sequence()), n + ".weight", n + ".bias");
    }
    if (layer instanceof DenseSpec d) {
      return new Target(new DenseSpec(n, d.units(), true, activation), n + ".weight", n + ".bias");
    }
    if (layer instanceof DepthwiseKind.Spec d) {
      // A separable convolution's pointwise stage is the one whose output the batch norm sees.
      String stage = d.separable() ? n + ".pointwise" : n;
      return new Target(new DepthwiseKind.Spec(n, d.filters(), d.multiplier(), d.kernelHeight(), d.kernelWidth(),
          d.strideHeight(), d.strideWidth(), d.padding(), true, activation), stage + ".weight", stage + ".bias");
    }
    return null;
  }

  /** The rewritten plan's parameters: copied by name, and the folded layers' weights and biases computed. */
  private static float[] parameters(NetworkPlan plan, float[] values, NetworkPlan out, Map<String, String> folded,
      Map<String, Target> targets) throws ExportException {
    Map<String, ParamPlan> old = new HashMap<>();
    plan.params().forEach(p -> old.put(p.name(), p));
    float[] result = new float[out.parameterCount()];
    for (ParamPlan p : out.params()) {
      if (old.containsKey(p.name())) {
        System.arraycopy(values, old.get(p.name()).offset(), result, p.offset(), p.length());
      }
    }
    Map<String, BatchNormKind.Spec> norms = new HashMap<>();
    plan.spec().layers().forEach(l -> {
      if (l instanceof BatchNormKind.Spec bn) {
        norms.put(bn.name(), bn);
      }
    });
    Map<String, ParamPlan> now = new HashMap<>();
    out.params().forEach(p -> now.put(p.name(), p));
    for (Map.Entry<String, String> e : folded.entrySet()) {
      BatchNormKind.Spec bn = norms.get(e.getKey());
      Target target = targets.get(e.getValue());
      ParamPlan weight = now.get(target.weight());
      ParamPlan bias = now.get(target.bias());
      ParamPlan oldBias = old.get(target.bias());
      int channels = bias.length();
      int perChannel = weight.length() / channels;
      for (int o = 0; o < channels; o++) {
        double gamma = values[old.get(bn.name() + ".weight").offset() + o];
        double beta = values[old.get(bn.name() + ".bias").offset() + o];
        double mean = values[old.get(bn.name() + ".running_mean").offset() + o];
        double variance = values[old.get(bn.name() + ".running_var").offset() + o] + bn.eps();
        double s = gamma / Math.sqrt(variance);
        for (int k = 0; k < perChannel; k++) {
          int at = weight.offset() + o * perChannel + k;
          result[at] = (float) (result[at] * s);
          check(result[at], bn, e.getValue(), variance);
        }
        double b = oldBias == null ? 0 : values[oldBias.offset() + o];
        result[bias.offset() + o] = (float) ((b - mean) * s + beta);
        check(result[bias.offset() + o], bn, e.getValue(), variance);
      }
    }
    return result;
  }

  private static void check(float value, BatchNormKind.Spec bn, String layer, double variance)
      throws ExportException {
    if (!Float.isFinite(value)) {
      throw new ExportException(String.format(Locale.ROOT, NOT_FINITE, bn.name(), layer, variance));
    }
  }
}
