package dev.fovea.processor.model;

import static dev.fovea.processor.Messages.NEEDS_IMAGE;
import static dev.fovea.processor.Messages.NEEDS_SEQUENCE;
import static dev.fovea.processor.Messages.SEQUENCE_AFTER_DENSE;
import static dev.fovea.processor.Messages.SPATIAL_AFTER_DENSE;
import static dev.fovea.processor.Messages.STRIDES_BEYOND_INPUT;
import static dev.fovea.processor.Messages.STRIDE_SKIPS_INPUT;
import static dev.fovea.processor.Messages.TOO_LARGE;

import dev.fovea.annotations.Activation;
import dev.fovea.processor.model.LayerPlan.Padding;
import dev.fovea.processor.model.LayerPlan.Source;
import java.util.List;

/**
 * What a layer kind's shape rule sees: its input, the receptive field so far, and the means to report problems
 * and lay out parameters. One context per layer, made by {@link ShapeInference}.
 */
public final class LayerContext {
  private final ShapeInference inference;
  private final int index;
  private final List<Source> sources;
  private final List<LayerPlan> sourcePlans;
  private final Shape networkInput;

  /** {@code sourcePlans} holds null where a source is the network's input. */
  LayerContext(ShapeInference inference, int index, List<Source> sources, List<LayerPlan> sourcePlans,
      Shape networkInput) {
    this.inference = inference;
    this.index = index;
    this.sources = List.copyOf(sources);
    this.sourcePlans = sourcePlans;
    this.networkInput = networkInput;
  }

  /** The shape of the (first) layer read. */
  public Shape input() {
    return sources.get(0).shape();
  }

  /** Every layer read, in the order {@code from} names them. */
  public List<Source> sources() {
    return sources;
  }

  public void error(String attribute, String message) {
    inference.report(Problem.error(index, attribute, message));
  }

  public void warning(String attribute, String message) {
    inference.report(Problem.warning(index, attribute, message));
  }

  /** Whether the input is C x H x W; reports when a flat input cannot be read as one. */
  public boolean spatialInput(LayerSpec layer) {
    if (input().flat()) {
      error("", String.format(SPATIAL_AFTER_DENSE, layer.kindName(), sources.get(0).name()));
      return false;
    }
    return true;
  }

  /**
   * Whether the input is an image C x H x W, for a kind that reads planes; reports when it is flat, or a sequence,
   * with {@code hint} saying what to use instead.
   */
  public boolean imageInput(LayerSpec layer, String hint) {
    if (!spatialInput(layer)) {
      return false;
    }
    if (input().sequence()) {
      error("", String.format(NEEDS_IMAGE, layer.kindName(), sources.get(0).name(), input(), hint));
      return false;
    }
    return true;
  }

  /**
   * Whether the input is a sequence C x L, for a one-dimensional kind; reports when it is flat, or an image, with
   * {@code twin} the two-dimensional kind to use instead.
   */
  public boolean sequenceInput(LayerSpec layer, String twin) {
    if (input().flat()) {
      error("", String.format(SEQUENCE_AFTER_DENSE, layer.kindName(), sources.get(0).name()));
      return false;
    }
    if (!input().sequence()) {
      error("", String.format(NEEDS_SEQUENCE, layer.kindName(), sources.get(0).name(), input(), twin));
      return false;
    }
    return true;
  }

  /** The shape, or null after reporting that its values would not fit in one Java array. */
  public Shape checkSize(String what, Shape shape) {
    return checkSize(what, shape.channels(), shape.height(), shape.width()) ? shape : null;
  }

  /**
   * Whether channels x height x width values fit in one Java array (sizes computed in long, so that a huge padding
   * or stride cannot wrap around); reports when not.
   */
  public boolean checkSize(String what, long channels, long height, long width) {
    long size = channels * height * width;
    if (height > ShapeInference.MAX_ARRAY || width > ShapeInference.MAX_ARRAY || size > ShapeInference.MAX_ARRAY) {
      error("", String.format(TOO_LARGE, what, height > ShapeInference.MAX_ARRAY || width > ShapeInference.MAX_ARRAY
          ? Math.max(height, width) : size, ShapeInference.MAX_ARRAY));
      return false;
    }
    return true;
  }

  /** Whether strides keep every output cell's window inside the padded input; reports when not. */
  public boolean stridesFit(int sh, int sw, int paddedH, int paddedW) {
    if (sh > paddedH || sw > paddedW) {
      error("strides", String.format(STRIDES_BEYOND_INPUT, sh, sw, paddedH, paddedW));
      return false;
    }
    return true;
  }

  /** Whether all parameters so far plus this layer's still fit in one flat array; reports when not. */
  public boolean parametersFit(String attribute, String name, long layerParameters) {
    long total = inference.parameterOffset() + layerParameters;
    if (total > ShapeInference.MAX_ARRAY) {
      error(attribute, String.format(TOO_LARGE, "the parameters up to " + name, total, ShapeInference.MAX_ARRAY));
      return false;
    }
    return true;
  }

  /** Lays out the next parameter tensor; callers have checked with {@link #parametersFit} that it fits. */
  public ParamPlan param(String name, List<Integer> shape, int fanIn, int fanOut, String init) {
    return inference.param(name, shape, fanIn, fanOut, init);
  }

  /** Keras' defaults: He for ReLU layers, Glorot otherwise. */
  public static String initializer(Activation activation) {
    return activation == Activation.RELU ? "he_uniform" : "glorot_uniform";
  }

  /**
   * Warns when strides are larger than the window, so some input cells are never read; not for a 1x1 window,
   * whose strides subsample on purpose (ResNet's projection shortcut).
   */
  public void warnIfStridesSkip(String what, int kh, int kw, int sh, int sw) {
    if ((sh > kh || sw > kw) && kh * kw > 1) {
      warning("strides", String.format(STRIDE_SKIPS_INPUT, sh, sw, what, kh, kw, what));
    }
  }

  /** The plan of a layer whose output cells each see a kh x kw window of its input at strides sh x sw. */
  public LayerPlan windowed(LayerSpec spec, Shape out, Padding padding, Shape padded, List<ParamPlan> params,
      long multiplyAdds, int kh, int kw, int sh, int sw) {
    LayerPlan previous = sourcePlans.get(0);
    int rh = previous == null ? 1 : previous.receptiveHeight();
    int rw = previous == null ? 1 : previous.receptiveWidth();
    int jh = previous == null ? 1 : previous.jumpHeight();
    int jw = previous == null ? 1 : previous.jumpWidth();
    return new LayerPlan(index, spec, input(), out, padding, padded, params, multiplyAdds,
        rh + (kh - 1) * jh, rw + (kw - 1) * jw, jh * sh, jw * sw, sources);
  }

  /** The plan of a layer every output of which sees the whole input, so the whole image. */
  public LayerPlan global(LayerSpec spec, Shape out, List<ParamPlan> params, long multiplyAdds) {
    return new LayerPlan(index, spec, input(), out, Padding.NONE, input(), params, multiplyAdds,
        networkInput.height(), networkInput.width(), 0, 0, sources);
  }

  /**
   * The plan of a layer whose output cell reads the same cell of each input (Add, Concat): it sees the widest of
   * their receptive fields.
   */
  public LayerPlan cellwise(LayerSpec spec, Shape out, long multiplyAdds) {
    return cellwise(spec, out, List.of(), multiplyAdds);
  }

  /** As {@link #cellwise(LayerSpec, Shape, long)}, for a layer with parameters (batch norm). */
  public LayerPlan cellwise(LayerSpec spec, Shape out, List<ParamPlan> params, long multiplyAdds) {
    int rh = 1;
    int rw = 1;
    int jh = 1;
    int jw = 1;
    for (LayerPlan source : sourcePlans) {
      if (source != null) {
        rh = Math.max(rh, source.receptiveHeight());
        rw = Math.max(rw, source.receptiveWidth());
        jh = Math.max(jh, source.jumpHeight());
        jw = Math.max(jw, source.jumpWidth());
      }
    }
    return new LayerPlan(index, spec, input(), out, Padding.NONE, input(), params, multiplyAdds,
        rh, rw, jh, jw, sources);
  }
}
