package dev.fovea.processor.op;

import dev.fovea.annotations.Activation;
import dev.fovea.processor.export.SpecReader;
import dev.fovea.processor.export.SpecWriter;
import dev.fovea.processor.model.LayerContext;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.LayerSpec;
import dev.fovea.processor.parse.Attributes;
import dev.fovea.processor.write.Backend;
import dev.fovea.processor.write.DropoutEmitter;
import dev.fovea.processor.write.LayerEmitter;
import dev.fovea.processor.write.Precision;
import dev.fovea.processor.write.Wiring;
import java.util.Optional;

/** {@code @Dropout}: random zeroing in training, the identity in evaluation; the output has the input's shape. */
public final class DropoutKind implements LayerKind<DropoutKind.Spec> {

  /** A {@code @Dropout} as declared. */
  public record Spec(String name, double rate) implements LayerSpec {
    @Override
    public String kindName() {
      return "Dropout";
    }

    @Override
    public Activation activation() {
      return Activation.LINEAR;
    }
  }

  @Override
  public String annotation() {
    return "dev.fovea.annotations.Dropout";
  }

  @Override
  public String kindName() {
    return "Dropout";
  }

  @Override
  public Class<Spec> specType() {
    return Spec.class;
  }

  @Override
  public Optional<Spec> parse(Attributes attributes, String name) {
    return attributes.number("rate", 0, false, 1, true).map(rate -> new Spec(name, rate));
  }

  @Override
  public LayerPlan infer(Spec spec, LayerContext context) {
    return context.cellwise(spec, context.input(), 0);
  }

  @Override
  public void write(Spec spec, SpecWriter out) {
    out.put("rate", Double.toString(spec.rate()));
  }

  @Override
  public Spec read(SpecReader in, String name, Activation activation) {
    return new Spec(name, in.number("rate", 0, false, 1, true));
  }

  @Override
  public LayerEmitter emitter(LayerPlan layer, Spec spec, Precision precision, Wiring wiring, Backend backend) {
    return new DropoutEmitter(layer, spec, precision, wiring);
  }
}
