package dev.fovea.processor.op;

import dev.fovea.annotations.Activation;
import dev.fovea.processor.export.SpecReader;
import dev.fovea.processor.export.SpecWriter;
import dev.fovea.processor.model.LayerContext;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.LayerSpec;
import dev.fovea.processor.model.ParamPlan;
import dev.fovea.processor.parse.Attributes;
import dev.fovea.processor.write.Backend;
import dev.fovea.processor.write.BatchNormEmitter;
import dev.fovea.processor.write.LayerEmitter;
import dev.fovea.processor.write.Precision;
import dev.fovea.processor.write.Wiring;
import java.util.List;
import java.util.Optional;

/**
 * {@code @BatchNorm2D}: per-channel normalisation with batch statistics in training and running statistics in
 * evaluation. Training needs the whole mini-batch, so a batch norm opens a new stage of the training pass.
 */
public final class BatchNormKind implements LayerKind<BatchNormKind.Spec> {

  /** A {@code @BatchNorm2D} as declared. */
  public record Spec(String name, double eps, double momentum, Activation activation) implements LayerSpec {
    @Override
    public String kindName() {
      return "BatchNorm2D";
    }
  }

  /** Non-trained state: an initialiser starting with this is a buffer, saved but never given a gradient. */
  public static final String BUFFER = "buffer:";
  /** The initialiser of a step counter, {@code num_batches_tracked}: integer state, not a statistic. */
  public static final String COUNTER = BUFFER + "count";

  @Override
  public String annotation() {
    return "dev.fovea.annotations.BatchNorm2D";
  }

  @Override
  public String kindName() {
    return "BatchNorm2D";
  }

  @Override
  public Class<Spec> specType() {
    return Spec.class;
  }

  @Override
  public Optional<Spec> parse(Attributes attributes, String name) {
    Optional<Double> eps = attributes.number("eps", 0, true, Double.POSITIVE_INFINITY);
    Optional<Double> momentum = attributes.number("momentum", 0, false, 1);
    if (eps.isEmpty() || momentum.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Spec(name, eps.get(), momentum.get(), attributes.activation()));
  }

  @Override
  public LayerPlan infer(Spec spec, LayerContext context) {
    int channels = context.input().channels();
    String n = spec.name();
    // Five tensors of which four have one value per channel.
    if (!context.parametersFit("", n, 4L * channels + 1)) {
      return null;
    }
    List<ParamPlan> params = List.of(
        context.param(n + ".weight", List.of(channels), channels, channels, "ones"),
        context.param(n + ".bias", List.of(channels), channels, channels, "zeros"),
        context.param(n + ".running_mean", List.of(channels), channels, channels, BUFFER + "zeros"),
        context.param(n + ".running_var", List.of(channels), channels, channels, BUFFER + "ones"),
        context.param(n + ".num_batches_tracked", List.of(), 1, 1, COUNTER));
    return context.cellwise(spec, context.input(), params, 2L * context.input().size());
  }

  @Override
  public void write(Spec spec, SpecWriter out) {
    out.put("eps", Double.toString(spec.eps()));
    out.put("momentum", Double.toString(spec.momentum()));
  }

  @Override
  public Spec read(SpecReader in, String name, Activation activation) {
    double eps = in.number("eps", 0, true, Double.POSITIVE_INFINITY);
    double momentum = in.number("momentum", 0, false, 1);
    return new Spec(name, eps, momentum, activation);
  }

  @Override
  public LayerEmitter emitter(LayerPlan layer, Spec spec, Precision precision, Wiring wiring, Backend backend) {
    return new BatchNormEmitter(layer, spec, precision, wiring, backend);
  }
}
