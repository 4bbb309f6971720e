package dev.fovea.processor.op;

import dev.fovea.processor.export.SpecWriter;
import dev.fovea.processor.model.LayerContext;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.LayerSpec;
import dev.fovea.processor.model.Shape;
import dev.fovea.processor.parse.LayerAnnotations;
import dev.fovea.processor.write.Backend;
import dev.fovea.processor.write.LayerEmitter;
import dev.fovea.processor.write.Precision;
import dev.fovea.processor.write.Wiring;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The one list of layer kinds, and typed dispatch from a spec to its kind. */
public final class LayerKinds {
  /** Every kind, in the order the README's annotation table and error messages list them. */
  public static final List<LayerKind<?>> ALL = List.of(
      new Conv2DKind(), PoolingKind.MAX, PoolingKind.AVERAGE, GlobalPoolingKind.MAX, GlobalPoolingKind.AVERAGE,
      new DenseKind(), new ActivateKind(), new AddKind(), new ConcatKind(), new BatchNormKind(), new DropoutKind(),
      new LocalResponseNormKind(), ChannelPoolingKind.MAX, ChannelPoolingKind.AVERAGE,
      new GaussianPoolingKind(), new FixedConv2DKind(), DepthwiseKind.DEPTHWISE, DepthwiseKind.SEPARABLE,
      new Conv1DKind(), Pooling1DKind.MAX, Pooling1DKind.AVERAGE, GlobalPoolingKind.MAX_1D,
      GlobalPoolingKind.AVERAGE_1D);

  private LayerKinds() {}

  /** The qualified names of every layer annotation. */
  public static List<String> annotations() {
    return ALL.stream().map(LayerKind::annotation).toList();
  }

  public static List<String> kindNames() {
    return ALL.stream().map(LayerKind::kindName).toList();
  }

  /** "@Conv2D, @MaxPool2D, @AvgPool2D or @Dense", for messages. */
  public static String annotationList() {
    List<String> names = ALL.stream().map(k -> "@" + LayerAnnotations.simpleName(k.annotation())).toList();
    return names.size() == 1 ? names.get(0) : String.join(", ", names.subList(0, names.size() - 1)) + " or "
        + names.get(names.size() - 1);
  }

  public static Optional<LayerKind<?>> forAnnotation(String qualified) {
    return ALL.stream().filter(k -> k.annotation().equals(qualified)).findFirst();
  }

  public static Optional<LayerKind<?>> forKindName(String kindName) {
    return ALL.stream().filter(k -> k.kindName().equals(kindName)).findFirst();
  }

  public static LayerPlan infer(LayerSpec spec, LayerContext context) {
    return infer(of(spec), spec, context);
  }

  public static void write(LayerSpec spec, SpecWriter out) {
    write(of(spec), spec, out);
  }

  public static LayerEmitter emitter(LayerPlan layer, Precision precision, Wiring wiring, Backend backend) {
    return emitter(of(layer.spec()), layer, precision, wiring, backend);
  }

  public static boolean merges(LayerSpec spec) {
    return of(spec).merges();
  }

  public static Optional<Shape> outputWithoutInput(LayerSpec spec) {
    return outputWithoutInput(of(spec), spec);
  }

  private static LayerKind<?> of(LayerSpec spec) {
    return forKindName(spec.kindName()).orElseThrow(() -> new IllegalStateException(
        spec.kindName() + " is not in LayerKinds.ALL: " + ALL.stream().map(LayerKind::kindName)
            .collect(Collectors.joining(", "))));
  }

  private static <S extends LayerSpec> LayerPlan infer(LayerKind<S> kind, LayerSpec spec, LayerContext context) {
    return kind.infer(kind.specType().cast(spec), context);
  }

  private static <S extends LayerSpec> void write(LayerKind<S> kind, LayerSpec spec, SpecWriter out) {
    kind.write(kind.specType().cast(spec), out);
  }

  private static <S extends LayerSpec> LayerEmitter emitter(LayerKind<S> kind, LayerPlan layer, Precision p,
      Wiring wiring, Backend backend) {
    return kind.emitter(layer, kind.specType().cast(layer.spec()), p, wiring, backend);
  }

  private static <S extends LayerSpec> Optional<Shape> outputWithoutInput(LayerKind<S> kind, LayerSpec spec) {
    return kind.outputWithoutInput(kind.specType().cast(spec));
  }
}
