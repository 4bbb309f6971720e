package dev.fovea.processor.op;

import static dev.fovea.processor.Messages.LRN_ALPHA;
import static dev.fovea.processor.Messages.LRN_K;

import dev.fovea.annotations.Activation;
import dev.fovea.processor.export.SpecReader;
import dev.fovea.processor.export.SpecWriter;
import dev.fovea.processor.model.LayerContext;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.LayerSpec;
import dev.fovea.processor.parse.Attributes;
import dev.fovea.processor.write.Backend;
import dev.fovea.processor.write.LayerEmitter;
import dev.fovea.processor.write.LocalResponseNormEmitter;
import dev.fovea.processor.write.Precision;
import dev.fovea.processor.write.Wiring;
import java.util.Optional;

/**
 * {@code @LocalResponseNorm}: PyTorch's LocalResponseNorm(size, alpha, beta, k) across channels; the output has the
 * input's shape and there are no parameters.
 */
public final class LocalResponseNormKind implements LayerKind<LocalResponseNormKind.Spec> {

  /**
   * A local response normalisation as declared: {@code y = x / (k + alpha / size * sum of x^2 over the window)^beta}.
   *
   * @param size channels in the window: {@code size / 2} below the channel, {@code (size - 1) / 2} above
   */
  public record Spec(String name, int size, double alpha, double beta, double k) implements LayerSpec {
    @Override
    public Activation activation() {
      return Activation.LINEAR;
    }

    @Override
    public String kindName() {
      return "LocalResponseNorm";
    }

    /** Channels before the channel itself that its window holds. */
    public int before() {
      return size / 2;
    }

    /** Channels after the channel itself that its window holds. */
    public int after() {
      return (size - 1) / 2;
    }
  }

  @Override
  public String annotation() {
    return "dev.fovea.annotations.LocalResponseNorm";
  }

  @Override
  public String kindName() {
    return "LocalResponseNorm";
  }

  @Override
  public Class<Spec> specType() {
    return Spec.class;
  }

  @Override
  public Optional<Spec> parse(Attributes attributes, String name) {
    Optional<Integer> size = attributes.positive("size");
    Optional<Double> alpha = attributes.finite("alpha");
    Optional<Double> beta = attributes.finite("beta");
    Optional<Double> k = attributes.finite("k");
    boolean ok = size.isPresent() && alpha.isPresent() && beta.isPresent() && k.isPresent();
    if (alpha.isPresent() && alpha.get() < 0) {
      attributes.error("alpha", String.format(LRN_ALPHA, alpha.get()));
      ok = false;
    }
    if (k.isPresent() && !(k.get() > 0)) {
      attributes.error("k", String.format(LRN_K, k.get()));
      ok = false;
    }
    return ok ? Optional.of(new Spec(name, size.get(), alpha.get(), beta.get(), k.get())) : Optional.empty();
  }

  @Override
  public LayerPlan infer(Spec spec, LayerContext context) {
    if (!context.spatialInput(spec)) {
      return null;
    }
    // Per value: a sum of squares over the window, a power and a product.
    return context.cellwise(spec, context.input(), (long) context.input().size() * (Math.min(spec.size(),
        context.input().channels()) + 2));
  }

  @Override
  public void write(Spec spec, SpecWriter out) {
    out.put("size", spec.size());
    out.putNumbers("alpha", spec.alpha());
    out.putNumbers("beta", spec.beta());
    out.putNumbers("k", spec.k());
  }

  @Override
  public Spec read(SpecReader in, String name, Activation activation) {
    double alpha = in.number("alpha");
    double k = in.number("k");
    if (alpha < 0) {
      throw new IllegalArgumentException("key '" + in.prefixForMessages() + "alpha': " + String.format(LRN_ALPHA,
          alpha));
    }
    if (!(k > 0)) {
      throw new IllegalArgumentException("key '" + in.prefixForMessages() + "k': " + String.format(LRN_K, k));
    }
    return new Spec(name, in.count("size"), alpha, in.number("beta"), k);
  }

  @Override
  public LayerEmitter emitter(LayerPlan layer, Spec spec, Precision precision, Wiring wiring, Backend backend) {
    return new LocalResponseNormEmitter(layer, spec, precision, wiring);
  }
}
