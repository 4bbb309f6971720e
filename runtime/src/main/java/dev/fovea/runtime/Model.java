package dev.fovea.runtime;

import dev.fovea.api.GeneratedNames;
import dev.fovea.api.GeneratedBatch;
import dev.fovea.api.GeneratedNetwork;
import dev.fovea.api.NetworkInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Adapter around one instance of a generated network class: checks arguments, and binds the class's
 * {@link GeneratedNetwork} interface and {@link NetworkInfo} once for every model, replica and sibling of it.
 */
public final class Model {

  /**
   * The system property that picks the backend {@link #forNetwork} binds: {@code auto} (the default) takes the
   * Vector API class when the JVM runs with {@code --add-modules jdk.incubator.vector}, the processor wrote it,
   * and the machine's vectors hold at least 8 floats; {@code portable} never does, {@code vector} insists.
   */
  public static final String BACKEND_PROPERTY = "fovea.backend";

  private final NetworkBinding binding;
  private final NetworkInfo info;
  private final NetworkBinding.Checked checked;
  private final GeneratedNetwork network;

  private Model(NetworkBinding binding, NetworkBinding.Checked checked, GeneratedNetwork network) {
    this.binding = binding;
    this.checked = checked;
    this.info = checked.info();
    this.network = network;
  }

  /** A model around {@code network}, whose class is checked once. */
  public static Model of(GeneratedNetwork network) {
    NetworkBinding b = NetworkBinding.of(Objects.requireNonNull(network, "network").getClass());
    return new Model(b, b.checked(network), network);
  }

  /** A model around a new instance of {@code generatedClass} with its own, zeroed parameters. */
  public static Model of(Class<?> generatedClass) {
    return of(NetworkBinding.of(Objects.requireNonNull(generatedClass, "generatedClass")).newEmpty());
  }

  /**
   * A model around a new instance of {@code generatedClass} that uses (shares) {@code parameters}; the generated
   * constructor refuses an array of the wrong length.
   */
  public static Model of(Class<?> generatedClass, float[] parameters) {
    Objects.requireNonNull(parameters, "parameters");
    return of(NetworkBinding.of(Objects.requireNonNull(generatedClass, "generatedClass")).newShared(parameters));
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
    List<String> names = new ArrayList<>();
    for (Class<?> c = annotatedUserClass; c != null; c = c.getEnclosingClass()) {
      names.add(0, c.getSimpleName());
    }
    return GeneratedNames.binaryName(annotatedUserClass.getPackageName(), names);
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
  public GeneratedNetwork network() {
    return network;
  }

  /** The user's class name, e.g. {@code LeNet5}. */
  public String name() {
    return info.name();
  }

  /** Channels of an input sample. */
  public int inputChannels() {
    return info.inputChannels();
  }

  /** Height of an input sample in pixels. */
  public int inputHeight() {
    return info.inputHeight();
  }

  /** Width of an input sample in pixels. */
  public int inputWidth() {
    return info.inputWidth();
  }

  /** Floats per input sample: channels x height x width. */
  public int inputSize() {
    return info.inputSize();
  }

  /** Outputs per sample: the number of classes. */
  public int outputSize() {
    return info.outputSize();
  }

  /** One of LINEAR, RELU, SIGMOID, TANH, SOFTMAX; for SOFTMAX {@link #forward} returns logits. */
  public String outputActivation() {
    return info.outputActivation();
  }

  /** One label per output unit; "0".."N-1" when the network declares none. */
  public List<String> labels() {
    return checked.labels();
  }

  /** The parameter tensors in the generated class's order. */
  public List<ParameterSpec> parameterSpecs() {
    return checked.specs();
  }

  /** The spec named {@code name} (PyTorch state_dict name), or null. */
  public ParameterSpec parameterSpec(String name) {
    for (ParameterSpec p : checked.specs()) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    return null;
  }

  /** Trainable parameters (weights and biases), the length of {@link #parameters()}. */
  public int parameterCount() {
    return info.parameterCount();
  }

  /** The live flat parameter array, shared with every replica. */
  public float[] parameters() {
    return network.parameters();
  }

  /** The live flat gradient array of this instance, same layout as {@link #parameters()}. */
  public float[] gradients() {
    return network.gradients();
  }

  /** Runs one sample (C x H x W floats from {@code offset}); returns the live output buffer. */
  public float[] forward(float[] input, int offset) {
    Objects.checkFromIndexSize(offset, info.inputSize(), input.length);
    return network.forward(input, offset);
  }

  /**
   * Splits each large layer of one sample's {@link #forward} (and {@link #predict}) over {@code threads} threads,
   * the caller's included: lower batch-1 latency where cores are idle, the same bits whatever the count. Layers
   * under about 100,000 multiply-adds stay whole, since a hand-off would cost more than it saves; training, replicas
   * and siblings are not split. The pool's daemon threads live until {@code setIntraOpThreads(1)} stops them.
   * Returns this model.
   *
   * @throws IllegalArgumentException unless 1 &lt;= threads &lt;= {@link dev.fovea.api.IntraOpThreads#MAX_THREADS}
   */
  public Model setIntraOpThreads(int threads) {
    network.setIntraOpThreads(threads);
    return this;
  }

  /** The threads {@link #forward} splits large layers over; 1 when the network has no layer large enough. */
  public int intraOpThreads() {
    return network.intraOpThreads();
  }

  /** Back-propagates dLoss/dOutput of the last forward call, accumulating into {@link #gradients()}. */
  public void backward(float[] outputGradient) {
    Objects.checkFromIndexSize(0, info.outputSize(), outputGradient.length);
    network.backward(outputGradient);
  }

  /**
   * Training stages: 1 plus the number of batch norms, which need statistics of the whole batch. {@link Trainer}
   * runs stage by stage: {@link #trainForward} for every sample, the batch norm's sums, then the next stage.
   */
  public int stages() {
    return info.stages();
  }

  /** The length of the sums array {@link #forwardSums} and {@link #backwardSums} add to; 0 without batch norm. */
  public int sumsSize() {
    return info.sumsSize();
  }

  /**
   * Runs training stage {@code stage} of one sample (C x H x W floats from {@code offset}, read by stage 0 only):
   * batch norms use the batch's statistics and dropout draws its mask from {@code seed}.
   *
   * @return the live output buffer after the last stage, null after the others
   */
  public float[] trainForward(int stage, float[] input, int offset, long seed) {
    Objects.checkFromIndexSize(offset, info.inputSize(), input.length);
    return network.trainForward(stage, input, offset, seed);
  }

  /**
   * Back-propagates training stage {@code stage} (last stage first) of the last {@link #trainForward} sample,
   * adding to {@link #gradients()}; the last stage reads dLoss/dOutput, the others ignore it.
   */
  public void trainBackward(int stage, float[] outputGradient) {
    network.trainBackward(stage, outputGradient);
  }

  /** Adds this sample's input sums for the batch norm opening {@code stage} to {@code sums}. */
  public void forwardSums(int stage, double[] sums) {
    network.forwardSums(stage, sums);
  }

  /** Adds this sample's gradient sums for the batch norm opening {@code stage} to {@code sums}. */
  public void backwardSums(int stage, double[] sums) {
    network.backwardSums(stage, sums);
  }

  /**
   * Sets the batch statistics of the batch norm opening {@code stage} from the sums of all {@code batch} samples,
   * for this model and its replicas and siblings, and updates its running statistics.
   */
  public void setForwardStatistics(int stage, double[] sums, int batch) {
    network.setForwardStatistics(stage, sums, batch);
  }

  /** Sets the batch's gradient means of the batch norm opening {@code stage} from all samples' sums. */
  public void setBackwardStatistics(int stage, double[] sums, int batch) {
    network.setBackwardStatistics(stage, sums, batch);
  }

  /**
   * A model sharing this one's parameters, batch statistics and gradients, with its own activations: one per
   * sample of a batch in the stages of training. Siblings add to one gradient array, so they take turns.
   */
  public Model sibling() {
    return new Model(binding, checked, network.sibling());
  }

  /**
   * A micro-batch of up to {@code capacity} samples sharing this model's parameters, batch statistics and gradients,
   * with one row of activations per sample, run layer by layer: the same bits as running each sample on its own
   * {@link #sibling()} in order, with dense layers as matrix-matrix products. It takes turns with this model.
   */
  public GeneratedBatch batch(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("a micro-batch holds at least one sample, not " + capacity);
    }
    return network.batch(capacity);
  }

  /** Sets every accumulated gradient to zero, as before a batch. */
  public void zeroGradients() {
    network.zeroGradients();
  }

  /** A model sharing this one's parameters with its own activations and gradients (one per thread). */
  public Model replica() {
    return new Model(binding, checked, network.replica());
  }

  /** Index of the largest output for one sample (ties go to the lower index). */
  public int predict(float[] input, int offset) {
    return argmax(forward(input, offset), info.outputSize());
  }

  /** The generated printable model table. */
  public String summary() {
    return info.summary();
  }

  @Override
  public String toString() {
    return info.name() + " (" + binding.type.getName() + ", " + info.parameterCount() + " parameters)";
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
}
