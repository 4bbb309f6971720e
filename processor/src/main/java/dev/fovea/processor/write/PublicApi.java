package dev.fovea.processor.write;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.fovea.processor.model.NetworkPlan;
import dev.fovea.processor.model.ParamPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/** The generated class's public surface: constructors, forward/backward, and static metadata for the runtime. */
final class PublicApi {
  private static final TypeName STRINGS = ArrayTypeName.of(String.class);
  private static final TypeName INTS = ArrayTypeName.of(TypeName.INT);
  /** About 20 bytes of bytecode each at most: 3 KB per allocating method. */
  static final int ALLOCATIONS_PER_METHOD = 150;

  private final NetworkPlan plan;
  private final Precision p;
  private final ClassName self;

  PublicApi(NetworkPlan plan, Precision precision, ClassName self) {
    this.plan = plan;
    this.p = precision;
    this.self = self;
  }

  /**
   * The public constructors and the private one that decides what an instance shares, which allocates the
   * buffers in {@code allocations} ({@code this.x = new float[n]}) and the shared and transient ones through
   * methods of at most {@link #ALLOCATIONS_PER_METHOD} statements: a network of hundreds of layers would
   * otherwise give a constructor past HotSpot's 8000-byte JIT limit (GoogLeNet: 9 KB), and past 64 KB in the end.
   */
  List<MethodSpec> constructors(List<LayerEmitter.SharedBuffer> shared, List<FieldSpec> transients,
      List<CodeBlock> allocations) {
    MethodSpec fresh = MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("A network with its own parameters, all zero until initialised or loaded.\n")
        .addStatement("this(new $T[PARAMETER_COUNT])", p.type())
        .build();
    MethodSpec given = MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("A network that reads and updates the given parameter array, without copying it.\n")
        .addParameter(p.arrayType(), "parameters")
        .addStatement("this(checked(parameters), null, null)")
        .build();
    MethodSpec.Builder all = MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Shares the parameters, the batch statistics of {@code sharing} (unless null) and the\n")
        .addJavadoc("gradients (unless null).\n")
        .addParameter(p.arrayType(), "parameters")
        .addParameter(self, "sharing")
        .addParameter(p.arrayType(), "gradients")
        .addStatement("this.params = parameters")
        .addStatement("this.grads = gradients != null ? gradients : new $T[PARAMETER_COUNT]", p.type());
    List<CodeBlock> statements = new ArrayList<>(allocations);
    for (LayerEmitter.SharedBuffer buffer : shared) {
      statements.add(CodeBlock.of("this.$L = sharing != null ? sharing.$L : new $T[$L]", buffer.name(),
          buffer.name(), p.type(), buffer.size()));
    }
    for (FieldSpec buffer : transients) {
      // Siblings (given gradients) run one at a time, so they share the scratch that no pass keeps.
      statements.add(CodeBlock.of("this.$L = gradients != null ? sharing.$L : $L", buffer.name(), buffer.name(),
          buffer.initializer()));
    }
    List<MethodSpec> methods = new ArrayList<>();
    for (int from = 0; from < statements.size(); from += ALLOCATIONS_PER_METHOD) {
      MethodSpec.Builder allocate = MethodSpec.methodBuilder("allocate" + methods.size())
          .addModifiers(Modifier.PRIVATE)
          .addParameter(self, "sharing")
          .addParameter(p.arrayType(), "gradients");
      statements.subList(from, Math.min(statements.size(), from + ALLOCATIONS_PER_METHOD))
          .forEach(allocate::addStatement);
      all.addStatement("$N(sharing, gradients)", "allocate" + methods.size());
      methods.add(allocate.build());
    }
    MethodSpec checked = MethodSpec.methodBuilder("checked")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(p.arrayType())
        .addParameter(p.arrayType(), "parameters")
        .beginControlFlow("if (parameters.length != PARAMETER_COUNT)")
        .addStatement("throw new $T($S + PARAMETER_COUNT + $S + parameters.length)", IllegalArgumentException.class,
            self.simpleName() + " needs ", " parameters, got ")
        .endControlFlow()
        .addStatement("return parameters")
        .build();
    methods.addAll(List.of(fresh, given, all.build(), checked));
    return methods;
  }

  /**
   * forward, backward and the rest; {@code zeroed} are the activation gradients the layers' backward methods add
   * into, which backward zeroes once before the first of them runs.
   */
  List<MethodSpec> instanceMethods(List<String> forwardCalls, List<String> backwardCalls, List<String> zeroed,
      String output, String outputGrad, boolean staged) {
    MethodSpec.Builder forward = MethodSpec.methodBuilder("forward")
        .addModifiers(Modifier.PUBLIC)
        .returns(p.arrayType())
        .addJavadoc("Runs one sample ($L values from {@code offset}, C x H x W) through every layer.\n\n",
            plan.input().size())
        .addJavadoc("@return the live output buffer: $L\n", outputMeaning())
        .addParameter(p.arrayType(), "sample")
        .addParameter(TypeName.INT, "offset")
        .addStatement("training = false")
        .addStatement("$T.arraycopy(sample, offset, input, 0, INPUT_SIZE)", System.class);
    forwardCalls.forEach(call -> forward.addStatement("$L()", call));
    forward.addStatement("return $L", output);

    MethodSpec.Builder backward = MethodSpec.methodBuilder("backward")
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("Back-propagates dLoss/dOutput for the sample of the last {@link #forward} call and adds\n")
        .addJavadoc("the parameter gradients to {@link #gradients()}.\n")
        .addParameter(p.arrayType(), "outputGradient");
    if (staged) {
      backward.beginControlFlow("if (training)")
          .addStatement("throw new $T($S)", IllegalStateException.class, "with batch norm, a training pass runs "
              + "stage by stage: trainForward, then trainBackward, for the whole batch")
          .endControlFlow();
    }
    if (!zeroed.isEmpty()) {
      backward.addCode("// Every layer's backward adds to its input's gradient: zero them once, here.\n");
      zeroed.forEach(buffer -> backward.addStatement("$T.fill($L, $L)", Arrays.class, buffer, p.literal(0)));
    }
    backward.addStatement("$T.arraycopy(outputGradient, 0, $L, 0, OUTPUT_SIZE)", System.class, outputGrad);
    backwardCalls.forEach(call -> backward.addStatement("$L()", call));

    MethodSpec predict = MethodSpec.methodBuilder("predict")
        .addModifiers(Modifier.PUBLIC)
        .returns(TypeName.INT)
        .addJavadoc("The index of the largest output for one sample.\n")
        .addParameter(p.arrayType(), "sample")
        .addParameter(TypeName.INT, "offset")
        .addStatement("final $T[] out = forward(sample, offset)", p.type())
        .addStatement("int best = 0")
        .beginControlFlow("for (int i = 1; i < OUTPUT_SIZE; i++)")
        .beginControlFlow("if (out[i] > out[best])")
        .addStatement("best = i")
        .endControlFlow()
        .endControlFlow()
        .addStatement("return best")
        .build();
    return List.of(forward.build(), backward.build(), predict,
        getter("parameters", "params", "The live parameter array."),
        getter("gradients", "grads", "The live gradient array, laid out as the parameters."),
        MethodSpec.methodBuilder("zeroGradients")
            .addModifiers(Modifier.PUBLIC)
            .addJavadoc("Sets every gradient to zero.\n")
            .addStatement("$T.fill(grads, $L)", Arrays.class, p.literal(0))
            .build(),
        MethodSpec.methodBuilder("replica")
            .addModifiers(Modifier.PUBLIC)
            .returns(self)
            .addJavadoc("A network sharing these parameters (and batch statistics), with its own activations and\n")
            .addJavadoc("gradients.\n")
            .addStatement("return new $T(params, this, null)", self)
            .build());
  }

  private String outputMeaning() {
    return switch (plan.last().spec().activation()) {
      case SOFTMAX -> "the logits (softmax is applied by the loss, or by the caller for probabilities)";
      case LINEAR -> "the last layer's linear output";
      default -> "the last layer's " + plan.last().spec().activation() + " output";
    };
  }

  private MethodSpec getter(String name, String field, String doc) {
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PUBLIC)
        .returns(p.arrayType())
        .addJavadoc("$L\n", doc)
        .addStatement("return $L", field)
        .build();
  }

  List<MethodSpec> metadataMethods(String summary) {
    List<ParamPlan> params = plan.params();
    return List.of(
        constant("networkName", TypeName.get(String.class), "The annotated class this network was generated from.",
            CodeBlock.of("$S", plan.spec().userClassName())),
        constant("outputActivation", TypeName.get(String.class),
            "The last layer's activation; SOFTMAX means {@link #forward} returns logits.",
            CodeBlock.of("$S", plan.last().spec().activation().name())),
        strings("labels", "Class labels, one per output, or none when the network declares none.",
            plan.spec().labels()),
        strings("parameterNames", "Parameter names as in a PyTorch state_dict.",
            params.stream().map(ParamPlan::name).toList()),
        constant("parameterShapes", ArrayTypeName.of(INTS), "Parameter shapes in PyTorch's layout.",
            CodeBlock.of("new int[][] {$L}", params.stream()
                .map(x -> "{" + x.shape().stream().map(String::valueOf).collect(Collectors.joining(", ")) + "}")
                .collect(Collectors.joining(", ")))),
        ints("parameterOffsets", "Where each parameter starts in the flat array.", params, ParamPlan::offset),
        ints("parameterFanIn", "Fan-in of each parameter, for initialisation.", params, ParamPlan::fanIn),
        ints("parameterFanOut", "Fan-out of each parameter, for initialisation.", params, ParamPlan::fanOut),
        strings("parameterInit", "Initialiser of each parameter: he_uniform, glorot_uniform or zeros.",
            params.stream().map(ParamPlan::init).toList()),
        constant("summary", TypeName.get(String.class), "The model table, as the processor printed it.",
            LongStrings.literal(summary)));
  }

  private static MethodSpec constant(String name, TypeName type, String doc, CodeBlock value) {
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(type)
        .addJavadoc("$L\n", doc)
        .addStatement("return $L", value)
        .build();
  }

  private static MethodSpec strings(String name, String doc, List<String> values) {
    return constant(name, STRINGS, doc, LongStrings.array(values));
  }

  private static MethodSpec ints(String name, String doc, List<ParamPlan> params, Function<ParamPlan, Integer> f) {
    String list = params.stream().map(f).map(String::valueOf).collect(Collectors.joining(", "));
    return constant(name, INTS, doc, CodeBlock.of("new int[] {$L}", list));
  }
}
