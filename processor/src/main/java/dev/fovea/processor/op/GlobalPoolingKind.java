package dev.fovea.processor.op;

import dev.fovea.annotations.Activation;
import dev.fovea.processor.export.SpecReader;
import dev.fovea.processor.export.SpecWriter;
import dev.fovea.processor.model.LayerContext;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.LayerSpec;
import dev.fovea.processor.model.Shape;
import dev.fovea.processor.parse.Attributes;
import dev.fovea.processor.write.Backend;
import dev.fovea.processor.write.GlobalPoolEmitter;
import dev.fovea.processor.write.LayerEmitter;
import dev.fovea.processor.write.Precision;
import dev.fovea.processor.write.Wiring;
import java.util.List;
import java.util.Optional;

/**
 * {@code @GlobalMaxPool2D} and {@code @GlobalAvgPool2D}: C x H x W in, one value per channel out, flat [C];
 * {@code @GlobalMaxPool1D} and {@code @GlobalAvgPool1D} do the same to a sequence C x L.
 */
public final class GlobalPoolingKind implements LayerKind<GlobalPoolingKind.Spec> {
  static final GlobalPoolingKind MAX = new GlobalPoolingKind(true, false);
  static final GlobalPoolingKind AVERAGE = new GlobalPoolingKind(false, false);
  static final GlobalPoolingKind MAX_1D = new GlobalPoolingKind(true, true);
  static final GlobalPoolingKind AVERAGE_1D = new GlobalPoolingKind(false, true);

  /** A global pooling layer as declared; {@code sequence} for the one-dimensional kinds. */
  public record Spec(String name, boolean max, boolean sequence) implements LayerSpec {
    /** A 2-D global pooling layer. */
    public Spec(String name, boolean max) {
      this(name, max, false);
    }

    @Override
    public Activation activation() {
      return Activation.LINEAR;
    }

    @Override
    public String kindName() {
      return (max ? "GlobalMaxPool" : "GlobalAvgPool") + (sequence ? "1D" : "2D");
    }
  }

  private final boolean max;
  private final boolean sequence;

  private GlobalPoolingKind(boolean max, boolean sequence) {
    this.max = max;
    this.sequence = sequence;
  }

  @Override
  public String annotation() {
    return "dev.fovea.annotations." + kindName();
  }

  @Override
  public String kindName() {
    return new Spec("", max, sequence).kindName();
  }

  @Override
  public Class<Spec> specType() {
    return Spec.class;
  }

  @Override
  public Optional<Spec> parse(Attributes attributes, String name) {
    return Optional.of(new Spec(name, max, sequence));
  }

  @Override
  public LayerPlan infer(Spec spec, LayerContext context) {
    String twin = "@" + new Spec("", max, !sequence).kindName();
    if (sequence ? !context.sequenceInput(spec, twin) : !context.imageInput(spec, "use " + twin)) {
      return null;
    }
    return context.global(spec, Shape.vector(context.input().channels()), List.of(), 0);
  }

  @Override
  public void write(Spec spec, SpecWriter out) {}

  @Override
  public Spec read(SpecReader in, String name, Activation activation) {
    return new Spec(name, max, sequence);
  }

  @Override
  public LayerEmitter emitter(LayerPlan layer, Spec spec, Precision precision, Wiring wiring, Backend backend) {
    return new GlobalPoolEmitter(layer, precision, wiring, max);
  }
}
