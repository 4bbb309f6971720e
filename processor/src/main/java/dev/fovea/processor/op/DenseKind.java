package dev.fovea.processor.op;

import dev.fovea.annotations.Activation;
import dev.fovea.processor.export.SpecReader;
import dev.fovea.processor.export.SpecWriter;
import dev.fovea.processor.model.DenseSpec;
import dev.fovea.processor.model.LayerContext;
import dev.fovea.processor.model.LayerPlan;
import dev.fovea.processor.model.ParamPlan;
import dev.fovea.processor.model.Shape;
import dev.fovea.processor.parse.Attributes;
import dev.fovea.processor.write.Backend;
import dev.fovea.processor.write.DenseEmitter;
import dev.fovea.processor.write.LayerEmitter;
import dev.fovea.processor.write.Precision;
import dev.fovea.processor.write.VectorDenseEmitter;
import dev.fovea.processor.write.Wiring;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code @Dense}: a fully connected layer over the flattened C x H x W input (PyTorch's {@code nn.Flatten}
 * order); parameters {@code weight [units, inputs]} and {@code bias [units]}.
 */
final class DenseKind implements LayerKind<DenseSpec> {

  @Override
  public String annotation() {
    return "dev.fovea.annotations.Dense";
  }

  @Override
  public String kindName() {
    return "Dense";
  }

  @Override
  public Class<DenseSpec> specType() {
    return DenseSpec.class;
  }

  @Override
  public Optional<DenseSpec> parse(Attributes attributes, String name) {
    return attributes.positive("units")
        .map(units -> new DenseSpec(name, units, attributes.bool("bias"), attributes.activation()));
  }

  @Override
  public LayerPlan infer(DenseSpec dense, LayerContext context) {
    int fanIn = context.input().size();
    if (!context.parametersFit("units", dense.name(), (long) fanIn * dense.units() + dense.units())) {
      return null;
    }
    List<ParamPlan> params = new ArrayList<>();
    params.add(context.param(dense.name() + ".weight", List.of(dense.units(), fanIn), fanIn, dense.units(),
        LayerContext.initializer(dense.activation())));
    if (dense.bias()) {
      params.add(context.param(dense.name() + ".bias", List.of(dense.units()), fanIn, dense.units(), "zeros"));
    }
    return context.global(dense, Shape.vector(dense.units()), params, (long) fanIn * dense.units());
  }

  @Override
  public Optional<Shape> outputWithoutInput(DenseSpec dense) {
    return Optional.of(Shape.vector(dense.units()));
  }

  @Override
  public void write(DenseSpec d, SpecWriter out) {
    out.put("units", d.units());
    out.put("bias", d.bias());
  }

  @Override
  public DenseSpec read(SpecReader in, String name, Activation activation) {
    return new DenseSpec(name, in.count("units"), in.bool("bias"), activation);
  }

  @Override
  public LayerEmitter emitter(LayerPlan layer, DenseSpec spec, Precision precision, Wiring wiring,
      Backend backend) {
    return backend == Backend.VECTOR
        ? new VectorDenseEmitter(layer, precision, wiring)
        : new DenseEmitter(layer, precision, wiring);
  }
}
