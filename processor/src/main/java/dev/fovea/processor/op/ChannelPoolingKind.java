package dev.fovea.processor.op;

import static dev.fovea.processor.Messages.CHANNEL_STRIDES;
import static dev.fovea.processor.Messages.CHANNEL_STRIDES_SKIP;
import static dev.fovea.processor.Messages.CHANNEL_WINDOW_TOO_LARGE;

import dev.fovea.annotations.Activation;
import dev.fovea.processor.export.SpecReader;
import dev.fovea.processor.export.SpecWriter;
import dev.fovea.processor.model.LayerContext;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.LayerSpec;
import dev.fovea.processor.model.Shape;
import dev.fovea.processor.parse.Attributes;
import dev.fovea.processor.write.Backend;
import dev.fovea.processor.write.ChannelPoolEmitter;
import dev.fovea.processor.write.LayerEmitter;
import dev.fovea.processor.write.Precision;
import dev.fovea.processor.write.Wiring;
import java.util.Optional;

/**
 * {@code @ChannelMaxPool} and {@code @ChannelAvgPool}: a window over neighbouring channels at every cell, height and
 * width kept; (C - window) / strides + 1 channels out; maxout when the strides are the window.
 */
public final class ChannelPoolingKind implements LayerKind<ChannelPoolingKind.Spec> {
  static final ChannelPoolingKind MAX = new ChannelPoolingKind(true);
  static final ChannelPoolingKind AVERAGE = new ChannelPoolingKind(false);

  /** Pooling across channels as declared: output channel o reads input channels o x strides .. + window - 1. */
  public record Spec(String name, boolean max, int window, int strides) implements LayerSpec {
    @Override
    public Activation activation() {
      return Activation.LINEAR;
    }

    @Override
    public String kindName() {
      return max ? "ChannelMaxPool" : "ChannelAvgPool";
    }
  }

  private final boolean max;

  private ChannelPoolingKind(boolean max) {
    this.max = max;
  }

  @Override
  public String annotation() {
    return "dev.fovea.annotations." + kindName();
  }

  @Override
  public String kindName() {
    return new Spec("", max, 1, 1).kindName();
  }

  @Override
  public Class<Spec> specType() {
    return Spec.class;
  }

  @Override
  public Optional<Spec> parse(Attributes attributes, String name) {
    Optional<Integer> window = attributes.positive("value");
    Optional<Integer> strides = attributes.nonNegative("strides", CHANNEL_STRIDES);
    if (window.isEmpty() || strides.isEmpty()) {
      return Optional.empty();
    }
    int step = strides.get() == 0 ? window.get() : strides.get();
    return Optional.of(new Spec(name, max, window.get(), step));
  }

  @Override
  public LayerPlan infer(Spec spec, LayerContext context) {
    if (!context.spatialInput(spec)) {
      return null;
    }
    Shape in = context.input();
    if (spec.window() > in.channels()) {
      context.error("value", String.format(CHANNEL_WINDOW_TOO_LARGE, spec.window(), in.channels(), in.channels()));
      return null;
    }
    if (spec.strides() > spec.window()) {
      context.warning("strides", String.format(CHANNEL_STRIDES_SKIP, spec.strides(), spec.window()));
    }
    Shape out = in.withChannels((in.channels() - spec.window()) / spec.strides() + 1);
    return context.cellwise(spec, out, (long) out.size() * spec.window());
  }

  @Override
  public void write(Spec spec, SpecWriter out) {
    out.put("window", spec.window());
    out.put("strides", spec.strides());
  }

  @Override
  public Spec read(SpecReader in, String name, Activation activation) {
    return new Spec(name, max, in.count("window"), in.count("strides"));
  }

  @Override
  public LayerEmitter emitter(LayerPlan layer, Spec spec, Precision precision, Wiring wiring, Backend backend) {
    return new ChannelPoolEmitter(layer, spec, precision, wiring);
  }
}
