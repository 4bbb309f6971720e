package dev.fovea.processor.model;

import java.util.List;
import java.util.Optional;

/**
 * A layer after shape inference: its input and output shapes, resolved padding, parameters and costs.
 *
 * @param input the shape of the first (for most kinds, the only) layer read
 * @param padded the zero-padded input a convolution reads, equal to {@code input} when there is no padding
 * @param receptiveHeight rows of the network input one output cell depends on
 */
public record LayerPlan(
    int index,
    LayerSpec spec,
    Shape input,
    Shape output,
    Padding padding,
    Shape padded,
    List<ParamPlan> params,
    long multiplyAdds,
    int receptiveHeight,
    int receptiveWidth,
    int jumpHeight,
    int jumpWidth,
    List<Source> sources) {

  /** A layer read: the producing layer's name ({@code NetworkSpec.INPUT} for the network input) and its shape. */
  public record Source(String name, Shape shape) {
    public boolean isNetworkInput() {
      return name.equals(NetworkSpec.INPUT);
    }
  }

  /** Zero padding per side, resolved. */
  public record Padding(int top, int bottom, int left, int right) {
    public static final Padding NONE = new Padding(0, 0, 0, 0);

    public boolean isZero() {
      return top == 0 && bottom == 0 && left == 0 && right == 0;
    }
  }

  public LayerPlan {
    params = List.copyOf(params);
    sources = List.copyOf(sources);
  }

  public String name() {
    return spec.name();
  }

  public Optional<ParamPlan> weight() {
    return params.stream().filter(p -> p.name().endsWith(".weight")).findFirst();
  }

  public Optional<ParamPlan> bias() {
    return params.stream().filter(p -> p.name().endsWith(".bias")).findFirst();
  }

  public int parameterCount() {
    return params.stream().mapToInt(ParamPlan::length).sum();
  }

  /** Trained parameters only, as PyTorch's {@code sum(p.numel() for p in parameters())} counts them. */
  public long trainableCount() {
    return params.stream().filter(ParamPlan::trainable).mapToLong(ParamPlan::length).sum();
  }

  /** Bytes of one sample's output activations in float32. */
  public long activationBytes() {
    return 4L * output.size();
  }
}
