package dev.fovea.processor.op;

import static dev.fovea.processor.Messages.CONCAT_SHAPES;

import dev.fovea.annotations.Activation;
import dev.fovea.processor.export.SpecReader;
import dev.fovea.processor.export.SpecWriter;
import dev.fovea.processor.model.LayerContext;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.LayerPlan.Source;
import dev.fovea.processor.model.LayerSpec;
import dev.fovea.processor.model.Shape;
import dev.fovea.processor.parse.Attributes;
import dev.fovea.processor.write.Backend;
import dev.fovea.processor.write.ConcatEmitter;
import dev.fovea.processor.write.LayerEmitter;
import dev.fovea.processor.write.Precision;
import dev.fovea.processor.write.Wiring;
import java.util.Optional;

/** {@code @Concat}: two or more layers of one height and width stacked along the channels (or flat vectors joined). */
public final class ConcatKind implements LayerKind<ConcatKind.Spec> {

  /** A {@code @Concat} as declared; it has no activation of its own. */
  public record Spec(String name) implements LayerSpec {
    @Override
    public Activation activation() {
      return Activation.LINEAR;
    }

    @Override
    public String kindName() {
      return "Concat";
    }
  }

  @Override
  public String annotation() {
    return "dev.fovea.annotations.Concat";
  }

  @Override
  public String kindName() {
    return "Concat";
  }

  @Override
  public Class<Spec> specType() {
    return Spec.class;
  }

  @Override
  public boolean merges() {
    return true;
  }

  @Override
  public Optional<Spec> parse(Attributes attributes, String name) {
    return Optional.of(new Spec(name));
  }

  @Override
  public LayerPlan infer(Spec spec, LayerContext context) {
    Source first = context.sources().get(0);
    long channels = 0;
    for (Source other : context.sources()) {
      Shape s = other.shape();
      if (s.flat() != first.shape().flat() || s.sequence() != first.shape().sequence()
          || s.height() != first.shape().height()
          || s.width() != first.shape().width()) {
        context.error("from", String.format(CONCAT_SHAPES, first.name(), first.shape(), other.name(), s));
        return null;
      }
      channels += s.channels();
    }
    Shape out = first.shape().flat()
        ? context.checkSize("the output of " + spec.name(), Shape.vector((int) Math.min(channels, Integer.MAX_VALUE)))
        : context.checkSize("the output of " + spec.name(),
            first.shape().withChannels((int) Math.min(channels, Integer.MAX_VALUE)));
    return out == null ? null : context.cellwise(spec, out, 0);
  }

  @Override
  public void write(Spec spec, SpecWriter out) {}

  @Override
  public Spec read(SpecReader in, String name, Activation activation) {
    return new Spec(name);
  }

  @Override
  public LayerEmitter emitter(LayerPlan layer, Spec spec, Precision precision, Wiring wiring,
      Backend backend) {
    return new ConcatEmitter(layer, precision, wiring);
  }
}
