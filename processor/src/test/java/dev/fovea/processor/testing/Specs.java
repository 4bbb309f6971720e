package dev.fovea.processor.testing;

import dev.fovea.annotations.Activation;
import dev.fovea.processor.model.Conv2DSpec;
import dev.fovea.processor.model.DenseSpec;
import dev.fovea.processor.model.LayerSpec;
import dev.fovea.processor.model.NetworkSpec;
import dev.fovea.processor.model.PaddingSpec;
import dev.fovea.processor.model.Pool2DSpec;
import dev.fovea.processor.model.Pool2DSpec.PoolKind;
import dev.fovea.processor.model.Shape;
import dev.fovea.processor.op.AddKind;
import dev.fovea.processor.op.ConcatKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Short builders for network descriptors in tests. */
public final class Specs {
  private static int counter;

  private Specs() {}

  /** A network in package {@code test} whose generated class name is unique within the test run. */
  public static NetworkSpec network(Shape input, LayerSpec... layers) {
    String name = "T" + (++counter);
    return new NetworkSpec("test", name, name + "Net", input, List.of(layers), List.of());
  }

  /** A network whose layers may read any layer above them: {@code graph(input).add(layer, "from"...)...build()}. */
  public static Graph graph(Shape input) {
    return new Graph(input);
  }

  /** Collects layers and what each reads. */
  public static final class Graph {
    private final Shape input;
    private final List<LayerSpec> layers = new ArrayList<>();
    private final Map<String, List<String>> from = new HashMap<>();

    private Graph(Shape input) {
      this.input = input;
    }

    /** Adds a layer reading {@code sources} by name, or the layer above when there are none. */
    public Graph add(LayerSpec layer, String... sources) {
      layers.add(layer);
      if (sources.length > 0) {
        from.put(layer.name(), List.of(sources));
      }
      return this;
    }

    public NetworkSpec build() {
      String name = "T" + (++counter);
      return new NetworkSpec("test", name, name + "Net", input, layers, List.of(), from);
    }
  }

  public static AddKind.Spec sum(String name, Activation activation) {
    return new AddKind.Spec(name, activation);
  }

  public static ConcatKind.Spec concat(String name) {
    return new ConcatKind.Spec(name);
  }

  public static Shape input(int channels, int height, int width) {
    return Shape.spatial(channels, height, width);
  }

  public static Conv2DSpec conv(String name, int filters, int kh, int kw, int sh, int sw, PaddingSpec padding,
      boolean bias, Activation activation) {
    return new Conv2DSpec(name, filters, kh, kw, sh, sw, padding, bias, activation);
  }

  public static Conv2DSpec conv(String name, int filters, int kernel, Activation activation) {
    return conv(name, filters, kernel, kernel, 1, 1, PaddingSpec.VALID, true, activation);
  }

  public static Pool2DSpec maxPool(String name, int window) {
    return new Pool2DSpec(name, PoolKind.MAX, window, window, window, window);
  }

  public static Pool2DSpec avgPool(String name, int window) {
    return new Pool2DSpec(name, PoolKind.AVERAGE, window, window, window, window);
  }

  public static DenseSpec dense(String name, int units, Activation activation) {
    return new DenseSpec(name, units, true, activation);
  }
}
