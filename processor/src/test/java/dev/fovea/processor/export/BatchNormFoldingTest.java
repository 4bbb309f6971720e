package dev.fovea.processor.export;

import static dev.fovea.annotations.Activation.LINEAR;
import static dev.fovea.annotations.Activation.RELU;
import static dev.fovea.annotations.Activation.SIGMOID;
import static dev.fovea.annotations.Activation.SOFTMAX;
import static dev.fovea.annotations.Activation.TANH;
import static dev.fovea.processor.testing.Specs.conv;
import static dev.fovea.processor.testing.Specs.dense;
import static dev.fovea.processor.testing.Specs.graph;
import static dev.fovea.processor.testing.Specs.input;
import static dev.fovea.processor.testing.Specs.maxPool;
import static dev.fovea.processor.testing.Specs.network;
import static dev.fovea.processor.testing.Specs.sum;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.annotations.Activation;
import dev.fovea.processor.model.Conv2DSpec;
import dev.fovea.processor.model.DenseSpec;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.NetworkPlan;
import dev.fovea.processor.model.NetworkSpec;
import dev.fovea.processor.model.PaddingSpec;
import dev.fovea.processor.model.ParamPlan;
import dev.fovea.processor.model.Shape;
import dev.fovea.processor.op.BatchNormKind;
import dev.fovea.processor.op.DepthwiseKind;
import dev.fovea.processor.op.DropoutKind;
import dev.fovea.processor.testing.Generated;
import dev.fovea.processor.write.Backend;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exporter folds a batch norm into the convolution or dense layer before it where nothing else reads that
 * layer and it has no activation, leaves dropout out, and leaves every other batch norm as it is; the classifier
 * then matches the runtime in evaluation mode within 1e-5 relative (bit for bit where nothing was folded).
 */
class BatchNormFoldingTest {
  private static final PaddingSpec ONE = PaddingSpec.explicit(1, 1, 1, 1);

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("conv (no bias), batch norm, ReLU; conv with bias, batch norm", network(input(2, 6, 6),
            conv("c1", 4, 3, 3, 1, 1, ONE, false, LINEAR), bn("bn1", RELU), conv("c2", 3, 3, LINEAR),
            bn("bn2", LINEAR), dense("fc", 3, SOFTMAX)), Map.of("bn1", "c1", "bn2", "c2"), List.of()),
        Arguments.of("residual block with a projection shortcut, every conv followed by a batch norm",
            graph(input(2, 6, 6))
                .add(conv("stem", 3, 3, 3, 1, 1, ONE, false, LINEAR)).add(bn("stem_bn", RELU))
                .add(conv("conv1", 4, 3, 3, 2, 2, ONE, false, LINEAR)).add(bn("bn1", RELU))
                .add(conv("conv2", 4, 3, 3, 1, 1, ONE, false, LINEAR)).add(bn("bn2", LINEAR))
                .add(conv("down", 4, 1, 1, 2, 2, PaddingSpec.VALID, false, LINEAR), "stem_bn")
                .add(bn("down_bn", LINEAR))
                .add(sum("add", RELU), "bn2", "down_bn")
                .add(dense("fc", 3, LINEAR)).build(),
            Map.of("stem_bn", "stem", "bn1", "conv1", "bn2", "conv2", "down_bn", "down"), List.of()),
        Arguments.of("dense (no bias), batch norm with tanh, dropout", network(input(1, 3, 4),
            new DenseSpec("d1", 6, false, LINEAR), bn("bn", TANH), new DropoutKind.Spec("drop", 0.5),
            dense("out", 3, LINEAR)), Map.of("bn", "d1"), List.of("drop")),
        Arguments.of("conv, dropout, batch norm: folded through the dropout", network(input(2, 5, 5),
            conv("a", 3, 3, LINEAR), new DropoutKind.Spec("drop", 0.5), bn("bn", SIGMOID), dense("out", 2, LINEAR)),
            Map.of("bn", "a"), List.of("drop")),
        Arguments.of("depthwise and separable convolutions, each followed by a batch norm", network(input(2, 6, 6),
            new DepthwiseKind.Spec("dw", 0, 2, 3, 3, 1, 1, ONE, false, LINEAR), bn("bn1", RELU),
            new DepthwiseKind.Spec("sep", 3, 1, 3, 3, 1, 1, ONE, true, LINEAR), bn("bn2", RELU),
            dense("out", 2, LINEAR)), Map.of("bn1", "dw", "bn2", "sep"), List.of()),
        Arguments.of("a batch norm that ends the network: the folded layer ends it, not the layer declared after it",
            graph(input(1, 3, 3)).add(dense("a", 3, LINEAR)).add(dense("b", 3, TANH), "input")
                .add(bn("bn", LINEAR), "a").build(), Map.of("bn", "a"), List.of()),
        Arguments.of("sequence: conv1d without bias, batch norm with ReLU", network(Shape.sequence(2, 9),
            Conv2DSpec.sequence("c", 3, 3, 1, PaddingSpec.VALID, false, LINEAR), bn("bn", RELU),
            dense("out", 2, LINEAR)), Map.of("bn", "c"), List.of()),
        Arguments.of("not folded: a conv with an activation before the batch norm", network(input(2, 5, 5),
            conv("a", 3, 3, RELU), bn("bn", LINEAR), dense("out", 2, LINEAR)), Map.of(), List.of()),
        Arguments.of("not folded: a conv read by the batch norm and by another layer", graph(input(2, 5, 5))
            .add(conv("a", 3, 3, LINEAR)).add(bn("bn", RELU)).add(sum("add", LINEAR), "bn", "a")
            .add(dense("out", 2, LINEAR)).build(), Map.of(), List.of()),
        Arguments.of("not folded: batch norms after an Add, after pooling and of the input", graph(input(2, 6, 6))
            .add(bn("bn0", LINEAR)).add(conv("a", 2, 3, 3, 1, 1, ONE, true, LINEAR)).add(sum("add", LINEAR), "a", "bn0")
            .add(bn("bn1", RELU)).add(maxPool("pool", 2)).add(bn("bn2", LINEAR)).add(dense("out", 2, LINEAR))
            .build(), Map.of(), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void foldsWhereItCanAndMatchesTheRuntime(String name, NetworkSpec spec, Map<String, String> folded,
      List<String> dropped) throws Exception {
    for (Backend backend : Backend.values()) {
      InferenceFolding.Folded result = ExportedForward.compare(name, spec, backend, 21);
      assertEquals(folded, result.folded(), name);
      assertEquals(dropped, result.dropped(), name);
      NetworkPlan plan = result.plan();
      for (LayerPlan layer : plan.layers()) {
        assertTrue(!folded.containsKey(layer.name()) && !dropped.contains(layer.name()), name + ": " + layer.name());
        if (folded.containsValue(layer.name())) {
          // The folded layer gained a bias and took the batch norm's activation.
          assertTrue(layer.bias().isPresent() || layer.params().stream()
              .anyMatch(p -> p.name().endsWith(".pointwise.bias")), layer.name());
          String bn = folded.entrySet().stream().filter(e -> e.getValue().equals(layer.name())).findFirst()
              .orElseThrow().getKey();
          assertEquals(activation(spec, bn), layer.spec().activation(), layer.name());
        }
      }
      String last = spec.layers().get(spec.layers().size() - 1).name();
      assertEquals(folded.getOrDefault(last, last), plan.last().name(), name + ": the layer that ends the network");
    }
  }

  @Test
  void aDamagedRunningVarianceIsAnExportError() {
    NetworkPlan plan = Generated.plan(network(input(1, 4, 4), conv("a", 2, 3, LINEAR), bn("bn", RELU),
        dense("out", 2, LINEAR)));
    float[] params = ExportedForward.parameters(plan, new Random(3));
    ParamPlan variance = plan.params().stream().filter(p -> p.name().equals("bn.running_var")).findFirst()
        .orElseThrow();
    params[variance.offset() + 1] = -1;
    ExportException e = assertThrows(ExportException.class, () -> InferenceFolding.fold(plan, params));
    assertEquals(String.format(Locale.ROOT, InferenceFolding.NOT_FINITE, "bn", "a", -1 + 1e-5), e.getMessage());
  }

  @Test
  void aNetworkWithNothingToFoldIsReturnedAsItIs() throws Exception {
    NetworkPlan plan = Generated.plan(network(input(1, 4, 4), conv("a", 2, 3, TANH), dense("out", 2, LINEAR)));
    float[] params = ExportedForward.parameters(plan, new Random(4));
    InferenceFolding.Folded result = InferenceFolding.fold(plan, params);
    assertEquals(plan, result.plan());
    assertTrue(result.exact());
    assertArrayEquals(params, result.parameters());
  }

  private static BatchNormKind.Spec bn(String name, Activation activation) {
    return new BatchNormKind.Spec(name, 1e-5, 0.1, activation);
  }

  private static Activation activation(NetworkSpec spec, String layer) {
    return spec.layers().stream().filter(l -> l.name().equals(layer)).findFirst().orElseThrow().activation();
  }
}
