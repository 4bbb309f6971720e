package dev.fovea.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** Adapter around one instance of a generated network class, bound by method handles. */
public final class Model {

  /**
   * The system property that picks the backend {@link #forNetwork} binds: {@code auto} (the default) takes the
   * Vector API class when the JVM runs with {@code --add-modules jdk.incubator.vector}, the processor wrote it,
   * and the machine's vectors hold at least 8 floats; {@code portable} never does, {@code vector} insists.
   */
  public static final String BACKEND_PROPERTY = "fovea.backend";

  private static final Set<String> ACTIVATIONS = Set.of("LINEAR", "RELU", "SIGMOID", "TANH", "SOFTMAX");

  // Generated classes implement no runtime interface (they depend on java.base only), so the
  // handles are looked up once per class and shared by every Model and replica of that class.
  private static final ClassValue<Binding> BINDINGS =
      new ClassValue<>() {
        @Override
        protected Binding computeValue(Class<?> type) {
          return new Binding(type);
        }
      };

  private final Binding binding;
  private final Object network;

  private Model(Binding binding, Object network) {
    this.binding = binding;
    this.network = network;
  }

  /** A model around a new instance of {@code generatedClass} with its own, zeroed parameters. */
  public static Model of(Class<?> generatedClass) {
    Binding b = BINDINGS.get(Objects.requireNonNull(generatedClass, "generatedClass"));
    try {
      return new Model(b, (Object) b.newEmpty.invokeExact());
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  /** A model around a new instance of {@code generatedClass} that uses (shares) {@code parameters}. */
  public static Model of(Class<?> generatedClass, float[] parameters) {
    Binding b = BINDINGS.get(Objects.requireNonNull(generatedClass, "generatedClass"));
    if (parameters.length != b.parameterCount) {
      throw new IllegalArgumentException(
          b.name + " has " + b.parameterCount + " parameters, the array has " + parameters.length);
    }
    try {
      return new Model(b, (Object) b.newShared.invokeExact(parameters));
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  /**
   * The model for a class annotated with {@code @Network}: loads its generated class from the same
   * class loader, the Vector API one when it can (see {@link #BACKEND_PROPERTY}).
   */
  public static Model forNetwork(Class<?> annotatedUserClass) {
    String generated = generatedName(annotatedUserClass);
    Class<?> type;
    try {
      type = Class.forName(generated, true, annotatedUserClass.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(
          "no generated class " + generated + ": is fovea-processor on the annotationProcessorPaths?", e);
    }
    return forGenerated(type);
  }

  /**
   * The generated class's name as the processor writes it (NetworkParser.generatedName): simple names joined by
   * {@code _}, so a nested {@code Outer.Inner} gives {@code Outer_InnerNet} and a top-level {@code C$X} gives
   * {@code C$XNet} (a binary name's {@code $} cannot tell the two apart).
   */
  static String generatedName(Class<?> annotatedUserClass) {
    StringBuilder name = new StringBuilder(annotatedUserClass.getSimpleName());
    for (Class<?> c = annotatedUserClass.getEnclosingClass(); c != null; c = c.getEnclosingClass()) {
      name.insert(0, c.getSimpleName() + "_");
    }
    String pkg = annotatedUserClass.getPackageName();
    return (pkg.isEmpty() ? "" : pkg + ".") + name + "Net";
  }

  /**
   * The model for a network's generated (portable) class, or for its Vector API sibling when it can (see
   * {@link #BACKEND_PROPERTY}); both have the same parameters, in the same layout.
   */
  public static Model forGenerated(Class<?> generatedClass) {
    return of(VectorBackend.choose(generatedClass));
  }

  /** Which backend the generated class is: {@code vector} or {@code portable}. */
  public String backend() {
    return VectorBackend.isVector(binding.type) ? "vector" : "portable";
  }

  /** The generated class this model binds to. */
  public Class<?> generatedClass() {
    return binding.type;
  }

  /** The generated network instance itself. */
  public Object network() {
    return network;
  }

  /** The user's class name, e.g. {@code LeNet5}. */
  public String name() {
    return binding.name;
  }

  /** Channels of an input sample. */
  public int inputChannels() {
    return binding.inputChannels;
  }

  /** Height of an input sample in pixels. */
  public int inputHeight() {
    return binding.inputHeight;
  }

  /** Width of an input sample in pixels. */
  public int inputWidth() {
    return binding.inputWidth;
  }

  /** Floats per input sample: channels x height x width. */
  public int inputSize() {
    return binding.inputSize;
  }

  /** Outputs per sample: the number of classes. */
  public int outputSize() {
    return binding.outputSize;
  }

  /** One of LINEAR, RELU, SIGMOID, TANH, SOFTMAX; for SOFTMAX {@link #forward} returns logits. */
  public String outputActivation() {
    return binding.outputActivation;
  }

  /** One label per output unit; "0".."N-1" when the network declares none. */
  public List<String> labels() {
    return binding.labels;
  }

  /** The parameter tensors in the generated class's order. */
  public List<ParameterSpec> parameterSpecs() {
    return binding.specs;
  }

  /** The spec named {@code name} (PyTorch state_dict name), or null. */
  public ParameterSpec parameterSpec(String name) {
    for (ParameterSpec p : binding.specs) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    return null;
  }

  /** Trainable parameters (weights and biases), the length of {@link #parameters()}. */
  public int parameterCount() {
    return binding.parameterCount;
  }

  /** The live flat parameter array, shared with every replica. */
  public float[] parameters() {
    try {
      return (float[]) binding.parameters.invokeExact(network);
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  /** The live flat gradient array of this instance, same layout as {@link #parameters()}. */
  public float[] gradients() {
    try {
      return (float[]) binding.gradients.invokeExact(network);
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  /** Runs one sample (C x H x W floats from {@code offset}); returns the live output buffer. */
  public float[] forward(float[] input, int offset) {
    Objects.checkFromIndexSize(offset, binding.inputSize, input.length);
    try {
      return (float[]) binding.forward.invokeExact(network, input, offset);
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  /** Back-propagates dLoss/dOutput of the last forward call, accumulating into {@link #gradients()}. */
  public void backward(float[] outputGradient) {
    Objects.checkFromIndexSize(0, binding.outputSize, outputGradient.length);
    try {
      binding.backward.invokeExact(network, outputGradient);
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  /**
   * Training stages: 1 plus the number of batch norms, which need statistics of the whole batch. {@link Trainer}
   * runs stage by stage: {@link #trainForward} for every sample, the batch norm's sums, then the next stage.
   */
  public int stages() {
    return binding.stages;
  }

  /** The length of the sums array {@link #forwardSums} and {@link #backwardSums} add to; 0 without batch norm. */
  public int sumsSize() {
    return binding.sumsSize;
  }

  /**
   * Runs training stage {@code stage} of one sample (C x H x W floats from {@code offset}, read by stage 0 only):
   * batch norms use the batch's statistics and dropout draws its mask from {@code seed}.
   *
   * @return the live output buffer after the last stage, null after the others
   */
  public float[] trainForward(int stage, float[] input, int offset, long seed) {
    Objects.checkFromIndexSize(offset, binding.inputSize, input.length);
    try {
      return (float[]) binding.trainForward.invokeExact(network, stage, input, offset, seed);
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  /**
   * Back-propagates training stage {@code stage} (last stage first) of the last {@link #trainForward} sample,
   * adding to {@link #gradients()}; the last stage reads dLoss/dOutput, the others ignore it.
   */
  public void trainBackward(int stage, float[] outputGradient) {
    try {
      binding.trainBackward.invokeExact(network, stage, outputGradient);
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  /** Adds this sample's input sums for the batch norm opening {@code stage} to {@code sums}. */
  public void forwardSums(int stage, double[] sums) {
    statistics(binding.forwardSums, stage, sums);
  }

  /** Adds this sample's gradient sums for the batch norm opening {@code stage} to {@code sums}. */
  public void backwardSums(int stage, double[] sums) {
    statistics(binding.backwardSums, stage, sums);
  }

  /**
   * Sets the batch statistics of the batch norm opening {@code stage} from the sums of all {@code batch} samples,
   * for this model and its replicas and siblings, and updates its running statistics.
   */
  public void setForwardStatistics(int stage, double[] sums, int batch) {
    statistics(binding.setForwardStatistics, stage, sums, batch);
  }

  /** Sets the batch's gradient means of the batch norm opening {@code stage} from all samples' sums. */
  public void setBackwardStatistics(int stage, double[] sums, int batch) {
    statistics(binding.setBackwardStatistics, stage, sums, batch);
  }

  private void statistics(MethodHandle handle, int stage, double[] sums) {
    try {
      handle.invokeExact(network, stage, sums);
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  private void statistics(MethodHandle handle, int stage, double[] sums, int batch) {
    try {
      handle.invokeExact(network, stage, sums, batch);
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  /**
   * A model sharing this one's parameters, batch statistics and gradients, with its own activations: one per
   * sample of a batch in the stages of training. Siblings add to one gradient array, so they take turns.
   */
  public Model sibling() {
    try {
      return new Model(binding, (Object) binding.sibling.invokeExact(network));
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  /** Sets every accumulated gradient to zero, as before a batch. */
  public void zeroGradients() {
    try {
      binding.zeroGradients.invokeExact(network);
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  /** A model sharing this one's parameters with its own activations and gradients (one per thread). */
  public Model replica() {
    try {
      return new Model(binding, (Object) binding.replica.invokeExact(network));
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  /** Index of the largest output for one sample (ties go to the lower index). */
  public int predict(float[] input, int offset) {
    return argmax(forward(input, offset), binding.outputSize);
  }

  /** The generated printable model table. */
  public String summary() {
    return binding.summary;
  }

  @Override
  public String toString() {
    return binding.name + " (" + binding.type.getName() + ", " + binding.parameterCount + " parameters)";
  }

  static int argmax(float[] values, int n) {
    int best = 0;
    for (int i = 1; i < n; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  static RuntimeException unchecked(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(t);
  }

  /** Handles and static metadata of one generated class, validated once. */
  private static final class Binding {
    final Class<?> type;
    final MethodHandle newEmpty;
    final MethodHandle newShared;
    final MethodHandle parameters;
    final MethodHandle gradients;
    final MethodHandle forward;
    final MethodHandle backward;
    final MethodHandle zeroGradients;
    final MethodHandle replica;
    final MethodHandle sibling;
    final MethodHandle trainForward;
    final MethodHandle trainBackward;
    final MethodHandle forwardSums;
    final MethodHandle backwardSums;
    final MethodHandle setForwardStatistics;
    final MethodHandle setBackwardStatistics;
    final int stages;
    final int sumsSize;
    final int inputChannels;
    final int inputHeight;
    final int inputWidth;
    final int inputSize;
    final int outputSize;
    final int parameterCount;
    final String name;
    final String outputActivation;
    final String summary;
    final List<String> labels;
    final List<ParameterSpec> specs;

    Binding(Class<?> type) {
      this.type = type;
      // publicLookup: the generated class is public in an exported package, and the runtime needs
      // no deeper access than any other client would have.
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      newEmpty = handle(lookup, "public " + simple() + "()", () ->
          lookup.findConstructor(type, MethodType.methodType(void.class)))
          .asType(MethodType.methodType(Object.class));
      newShared = handle(lookup, "public " + simple() + "(float[])", () ->
          lookup.findConstructor(type, MethodType.methodType(void.class, float[].class)))
          .asType(MethodType.methodType(Object.class, float[].class));
      parameters = virtual(lookup, "parameters", MethodType.methodType(float[].class));
      gradients = virtual(lookup, "gradients", MethodType.methodType(float[].class));
      forward = virtual(lookup, "forward", MethodType.methodType(float[].class, float[].class, int.class));
      backward = virtual(lookup, "backward", MethodType.methodType(void.class, float[].class));
      zeroGradients = virtual(lookup, "zeroGradients", MethodType.methodType(void.class));
      replica = virtual(lookup, "replica", MethodType.methodType(type))
          .asType(MethodType.methodType(Object.class, Object.class));
      sibling = virtual(lookup, "sibling", MethodType.methodType(type))
          .asType(MethodType.methodType(Object.class, Object.class));
      trainForward = virtual(lookup, "trainForward",
          MethodType.methodType(float[].class, int.class, float[].class, int.class, long.class));
      trainBackward = virtual(lookup, "trainBackward", MethodType.methodType(void.class, int.class, float[].class));
      MethodType sumsType = MethodType.methodType(void.class, int.class, double[].class);
      MethodType setType = MethodType.methodType(void.class, int.class, double[].class, int.class);
      forwardSums = virtual(lookup, "forwardSums", sumsType);
      backwardSums = virtual(lookup, "backwardSums", sumsType);
      setForwardStatistics = virtual(lookup, "setForwardStatistics", setType);
      setBackwardStatistics = virtual(lookup, "setBackwardStatistics", setType);
      stages = intField(lookup, "STAGES");
      sumsSize = intField(lookup, "SUMS_SIZE");

      inputChannels = intField(lookup, "INPUT_CHANNELS");
      inputHeight = intField(lookup, "INPUT_HEIGHT");
      inputWidth = intField(lookup, "INPUT_WIDTH");
      inputSize = intField(lookup, "INPUT_SIZE");
      outputSize = intField(lookup, "OUTPUT_SIZE");
      parameterCount = intField(lookup, "PARAMETER_COUNT");
      name = (String) callStatic(lookup, "networkName", String.class);
      outputActivation = (String) callStatic(lookup, "outputActivation", String.class);
      summary = (String) callStatic(lookup, "summary", String.class);
      String[] declaredLabels = (String[]) callStatic(lookup, "labels", String[].class);
      String[] names = (String[]) callStatic(lookup, "parameterNames", String[].class);
      int[][] shapes = (int[][]) callStatic(lookup, "parameterShapes", int[][].class);
      int[] offsets = (int[]) callStatic(lookup, "parameterOffsets", int[].class);
      int[] fanIn = (int[]) callStatic(lookup, "parameterFanIn", int[].class);
      int[] fanOut = (int[]) callStatic(lookup, "parameterFanOut", int[].class);
      String[] init = (String[]) callStatic(lookup, "parameterInit", String[].class);

      if (inputChannels <= 0 || inputHeight <= 0 || inputWidth <= 0 || outputSize <= 0) {
        throw invalid("non-positive input or output size");
      }
      if (stages < 1 || sumsSize < 0) {
        throw invalid("STAGES " + stages + " or SUMS_SIZE " + sumsSize + " out of range");
      }
      if (inputSize != inputChannels * inputHeight * inputWidth) {
        throw invalid("INPUT_SIZE " + inputSize + " is not INPUT_CHANNELS x INPUT_HEIGHT x INPUT_WIDTH");
      }
      if (!ACTIVATIONS.contains(outputActivation)) {
        throw invalid("unknown output activation " + outputActivation + ", expected one of " + ACTIVATIONS);
      }
      labels = labels(declaredLabels);
      specs = specs(names, shapes, offsets, fanIn, fanOut, init);
    }

    private String simple() {
      return type.getSimpleName();
    }

    private List<String> labels(String[] declared) {
      if (declared.length == 0) {
        String[] numbers = new String[outputSize];
        Arrays.setAll(numbers, Integer::toString);
        return List.of(numbers);
      }
      if (declared.length != outputSize) {
        throw invalid(declared.length + " labels for " + outputSize + " outputs");
      }
      return List.of(declared);
    }

    private List<ParameterSpec> specs(
        String[] names, int[][] shapes, int[] offsets, int[] fanIn, int[] fanOut, String[] init) {
      int n = names.length;
      if (shapes.length != n || offsets.length != n || fanIn.length != n || fanOut.length != n
          || init.length != n) {
        throw invalid("parameterNames/Shapes/Offsets/FanIn/FanOut/Init differ in length");
      }
      List<ParameterSpec> list = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        long length = 1;
        for (int d : shapes[i]) {
          length *= d;
        }
        if (length > parameterCount) {
          throw invalid(names[i] + " has more values than PARAMETER_COUNT");
        }
        try {
          list.add(new ParameterSpec(names[i], shapes[i], offsets[i], (int) length, fanIn[i], fanOut[i], init[i]));
        } catch (IllegalArgumentException e) {
          throw invalid(e.getMessage());
        }
      }
      // Overlapping or out-of-range tensors would make training and weight files silently wrong.
      List<ParameterSpec> byOffset = new ArrayList<>(list);
      byOffset.sort(Comparator.comparingInt(ParameterSpec::offset));
      int end = 0;
      for (ParameterSpec p : byOffset) {
        if (p.offset() < end) {
          throw invalid(p.name() + " overlaps the previous parameter");
        }
        end = p.offset() + p.length();
        if (end > parameterCount) {
          throw invalid(p.name() + " ends at " + end + ", beyond PARAMETER_COUNT " + parameterCount);
        }
      }
      return List.copyOf(list);
    }

    private IllegalArgumentException invalid(String problem) {
      return new IllegalArgumentException(type.getName() + " is not a valid Fovea generated network: " + problem);
    }

    private MethodHandle virtual(MethodHandles.Lookup lookup, String method, MethodType mt) {
      String params = mt.parameterList().stream().map(Class::getSimpleName).collect(Collectors.joining(", "));
      String description = "public " + mt.returnType().getSimpleName() + " " + method + "(" + params + ")";
      return handle(lookup, description, () -> lookup.findVirtual(type, method, mt))
          .asType(mt.insertParameterTypes(0, Object.class));
    }

    private int intField(MethodHandles.Lookup lookup, String field) {
      MethodHandle h = handle(lookup, "public static final int " + field,
          () -> lookup.findStaticGetter(type, field, int.class));
      try {
        return (int) h.invokeExact();
      } catch (Throwable t) {
        throw unchecked(t);
      }
    }

    private Object callStatic(MethodHandles.Lookup lookup, String method, Class<?> returnType) {
      MethodHandle h = handle(lookup, "public static " + returnType.getSimpleName() + " " + method + "()",
          () -> lookup.findStatic(type, method, MethodType.methodType(returnType)));
      try {
        Object value = h.invoke();
        if (value == null) {
          throw invalid(method + "() returned null");
        }
        return value;
      } catch (Throwable t) {
        throw unchecked(t);
      }
    }

    private MethodHandle handle(MethodHandles.Lookup lookup, String description, Finder finder) {
      try {
        return finder.find();
      } catch (NoSuchMethodException | NoSuchFieldException e) {
        throw invalid("no " + description);
      } catch (IllegalAccessException e) {
        throw invalid(description + " is not accessible (" + e.getMessage() + ")");
      }
    }

    /** A method handle lookup that may fail with reflection's checked exceptions. */
    private interface Finder {
      MethodHandle find() throws NoSuchMethodException, NoSuchFieldException, IllegalAccessException;
    }
  }
}
