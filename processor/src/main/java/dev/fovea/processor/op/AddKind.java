package dev.fovea.processor.op;

import static dev.fovea.processor.Messages.ADD_SHAPES;

import dev.fovea.annotations.Activation;
import dev.fovea.processor.export.SpecReader;
import dev.fovea.processor.export.SpecWriter;
import dev.fovea.processor.model.LayerContext;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.LayerPlan.Source;
import dev.fovea.processor.model.LayerSpec;
import dev.fovea.processor.parse.Attributes;
import dev.fovea.processor.write.AddEmitter;
import dev.fovea.processor.write.Backend;
import dev.fovea.processor.write.LayerEmitter;
import dev.fovea.processor.write.Precision;
import dev.fovea.processor.write.Wiring;
import java.util.Optional;

/** {@code @Add}: the element-wise sum of two or more layers of one shape, then an optional activation. */
public final class AddKind implements LayerKind<AddKind.Spec> {

  /** An {@code @Add} as declared. */
  public record Spec(String name, Activation activation) implements LayerSpec {
    @Override
    public String kindName() {
      return "Add";
    }
  }

  @Override
  public String annotation() {
    return "dev.fovea.annotations.Add";
  }

  @Override
  public String kindName() {
    return "Add";
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
    return Optional.of(new Spec(name, attributes.activation()));
  }

  @Override
  public LayerPlan infer(Spec spec, LayerContext context) {
    Source first = context.sources().get(0);
    for (Source other : context.sources()) {
      if (!other.shape().equals(first.shape())) {
        context.error("from", String.format(ADD_SHAPES, first.name(), first.shape(), other.name(), other.shape()));
        return null;
      }
    }
    return context.cellwise(spec, first.shape(), 0);
  }

  @Override
  public void write(Spec spec, SpecWriter out) {}

  @Override
  public Spec read(SpecReader in, String name, Activation activation) {
    return new Spec(name, activation);
  }

  @Override
  public LayerEmitter emitter(LayerPlan layer, Spec spec, Precision precision, Wiring wiring,
      Backend backend) {
    return new AddEmitter(layer, precision, wiring);
  }
}
