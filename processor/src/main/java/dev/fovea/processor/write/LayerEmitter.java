package dev.fovea.processor.write;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.fovea.processor.model.LayerPlan;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Modifier;

/** Writes one layer's forward and backward methods and any scratch buffers they need. */
public interface LayerEmitter {
  /** Buffers besides the output and its gradient, e.g. a zero-padded copy of the input. */
  List<FieldSpec> scratchBuffers();

  MethodSpec forward();

  MethodSpec backward();

  /**
   * The forward pass in training when it differs from {@link #forward()} (batch norm uses the batch's statistics,
   * dropout drops); a method with a {@code long seed} parameter is called with the sample's seed.
   */
  default Optional<MethodSpec> trainingForward() {
    return Optional.empty();
  }

  /**
   * Arrays shared by an instance and its replicas rather than owned by each, e.g. a batch norm's batch statistics:
   * a new network allocates them, {@code replica()} passes them on.
   */
  default List<SharedBuffer> sharedBuffers() {
    return List.of();
  }

  /**
   * The names of those {@link #scratchBuffers()} that carry nothing from one pass to the next (each pass writes
   * them before reading): the siblings of a training batch, which run one at a time, share them.
   */
  default Set<String> transientBuffers() {
    return Set.of();
  }

  /** One array of {@link #sharedBuffers()}: its field name, Javadoc and length. */
  record SharedBuffer(String name, String doc, int size) {}

  /**
   * The layer's batch form, if it has one: static methods that run the layer over the first {@code n} rows of a
   * micro-batch at once ({@code (Self[] rows, int n)}, {@code self} being the generated class), giving each row
   * exactly the bits of its own {@link #forward()} and {@link #backward()} run in row order. Layers without one run
   * row by row. Only for layers with no {@link #trainingForward()} of their own: the batch forward serves both modes.
   */
  default Optional<BatchForms> batchForms(ClassName self) {
    return Optional.empty();
  }

  /** A layer's forward and backward over the rows of a micro-batch, named by {@link #batchForwardName} and so on. */
  record BatchForms(MethodSpec forward, MethodSpec backward) {}

  static String batchForwardName(LayerPlan layer) {
    return member(layer.name(), "BatchForward");
  }

  static String batchBackwardName(LayerPlan layer) {
    return member(layer.name(), "BatchBackward");
  }

  /**
   * The layer's inference forward cut into parts for intra-op threads, if it is large enough and its buffers allow
   * (see {@link IntraOpSplit}); training and the exported classifier always run {@link #forward()} whole.
   */
  default Optional<IntraOpSplit> intraOpSplit() {
    return Optional.empty();
  }

  /** Further private methods the forward or backward method calls, e.g. to stay under the JIT's size limit. */
  default List<MethodSpec> helpers() {
    return List.of();
  }

  static String forwardName(LayerPlan layer) {
    return member(layer.name(), "Forward");
  }

  static String trainingForwardName(LayerPlan layer) {
    return member(layer.name(), "TrainingForward");
  }

  static String backwardName(LayerPlan layer) {
    return member(layer.name(), "Backward");
  }

  /**
   * The identifier of what a layer owns in generated code, a buffer or a method: what it is, then the layer's
   * name, as in {@code out_c1} or {@code forward_c1}. What it is never has a '_' and the name's dots become '_'
   * (the parser refuses two names that would then meet, such as {@code a.b} and {@code a_b}), so no two layers'
   * members meet, whatever the names ({@code a} and {@code aColumns} once both had {@code aColumnsGrad}), and
   * none meets the class's own members, which have no lower-case word before a '_'.
   */
  static String member(String layer, String what) {
    if (what.indexOf('_') >= 0 || what.isEmpty()) {
      throw new IllegalArgumentException("a member kind has no '_': " + what);
    }
    return Character.toLowerCase(what.charAt(0)) + what.substring(1) + "_" + javaName(layer);
  }

  /** The layer's name as a Java identifier: dots become '_'. */
  static String javaName(String layer) {
    return layer.replace('.', '_');
  }

  static String member(LayerPlan layer, String suffix) {
    return member(layer.name(), suffix);
  }

  /** A private layer method with its shape comment. */
  static MethodSpec method(String name, String javadoc, CodeBlock code) {
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc(javadoc)
        .addCode(code)
        .build();
  }

  /** Closes the innermost {@code count} open loops. */
  static void close(CodeBlock.Builder code, int count) {
    for (int i = 0; i < count; i++) {
      code.endControlFlow();
    }
  }

  /** The Javadoc line at the head of both methods: name, kind and shapes. */
  static String describe(LayerPlan layer) {
    return layer.name() + ": " + layer.spec().kindName() + " " + layer.input() + " -> " + layer.output();
  }
}
