package dev.fovea.processor.op;

import dev.fovea.annotations.Activation;
import dev.fovea.processor.export.SpecReader;
import dev.fovea.processor.export.SpecWriter;
import dev.fovea.processor.model.LayerContext;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.LayerSpec;
import dev.fovea.processor.parse.Attributes;
import dev.fovea.processor.write.ActivateEmitter;
import dev.fovea.processor.write.Backend;
import dev.fovea.processor.write.LayerEmitter;
import dev.fovea.processor.write.Precision;
import dev.fovea.processor.write.Wiring;
import java.util.Optional;

/** {@code @Activate}: an activation on its own; the output has the input's shape. */
public final class ActivateKind implements LayerKind<ActivateKind.Spec> {

  /** An {@code @Activate} as declared. */
  public record Spec(String name, Activation activation) implements LayerSpec {
    @Override
    public String kindName() {
      return "Activate";
    }
  }

  @Override
  public String annotation() {
    return "dev.fovea.annotations.Activate";
  }

  @Override
  public String kindName() {
    return "Activate";
  }

  @Override
  public Class<Spec> specType() {
    return Spec.class;
  }

  @Override
  public Optional<Spec> parse(Attributes attributes, String name) {
    return Optional.of(new Spec(name, attributes.activation("value")));
  }

  @Override
  public LayerPlan infer(Spec spec, LayerContext context) {
    return context.cellwise(spec, context.input(), 0);
  }

  @Override
  public void write(Spec spec, SpecWriter out) {}

  @Override
  public Spec read(SpecReader in, String name, Activation activation) {
    return new Spec(name, activation);
  }

  @Override
  public LayerEmitter emitter(LayerPlan layer, Spec spec, Precision precision, Wiring wiring, Backend backend) {
    return new ActivateEmitter(layer, precision, wiring);
  }
}
