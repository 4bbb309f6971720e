package dev.fovea.processor;

/** Every diagnostic the processor prints, as format strings that tests reference. */
public final class Messages {
  public static final String NUMBER_OUT_OF_RANGE = "%s must be in %s, got %s";
  public static final String NON_POSITIVE = "%s must be positive, got %d: use a size of at least 1";
  public static final String PAIR_LENGTH =
      "%s takes one value for both directions or two values {vertical, horizontal}, got %d values";
  public static final String PADDING_LENGTH =
      "padding takes VALID, SAME, one amount, {vertical, horizontal} or {top, bottom, left, right}, got %d values";
  public static final String PADDING_NEGATIVE =
      "padding amounts must be 0 or more, got %d: write padding = SAME alone for 'same' padding";
  public static final String KERNEL_TOO_LARGE =
      "kernel %dx%d is larger than its padded input %dx%d: use a smaller kernel or add padding";
  public static final String STRIDES_BEYOND_INPUT =
      "strides %dx%d are larger than the padded input %dx%d, so every output cell after the first would start outside it: use strides no larger than the input";
  public static final String WINDOW_TOO_LARGE =
      "pooling window %dx%d is larger than its input %dx%d: use a smaller window or remove this layer";
  public static final String STRIDE_SKIPS_INPUT =
      "strides %dx%d are larger than the %s %dx%d, so some input cells are never read: use strides no larger than the %s";
  public static final String SOFTMAX_NOT_LAST =
      "SOFTMAX is allowed only on the last layer, where it fuses with the cross-entropy loss: use RELU, TANH, SIGMOID or LINEAR here";
  public static final String OUTPUT_NOT_SOFTMAX = "the last layer's activation is %s, not SOFTMAX: training applies "
      + "softmax cross-entropy to its outputs as logits (as PyTorch's F.cross_entropy(net(x), y) does); use "
      + "activation = SOFTMAX for a classifier";
  public static final String NO_LOSS_FOR_ONE_OUTPUT = "the last layer has 1 output, and softmax cross-entropy, the "
      + "loss Fovea trains with, is 0 for one class whatever the input: use one unit per class (at least 2)";
  public static final String SPATIAL_AFTER_DENSE =
      "%s cannot follow Dense layer '%s': a Dense output is flat and cannot be flattened back into channels x height x width; put every Conv2D and pooling layer before the first Dense";
  public static final String DUPLICATE_NAME =
      "two layers are named '%s': give each layer a unique name (parameter names such as '%s.weight' must be unique)";
  public static final String INVALID_NAME =
      "layer name '%s' is not a valid name: use letters, digits and '_', starting with a letter, in parts joined by dots as PyTorch names submodules (features.0)";
  public static final String NO_LAYERS =
      "@Network class %s declares no layers: annotate its fields with %s";
  public static final String NETWORK_NOT_ON_CLASS =
      "@Network must be on a class, not on %s %s: move it to a plain class whose fields are the layers";
  public static final String LAYER_NOT_IN_NETWORK =
      "layer field '%s' is in %s, which has no @Network: annotate that class with @Network(input = @Input(...))";
  public static final String LAYER_NOT_IN_CLASS =
      "@%s is on '%s' in %s %s: a layer must be an instance field of a class annotated with @Network";
  public static final String NETWORK_IN_LOCAL_CLASS = "@Network is on %s, a %s class: javac shows no annotation "
      + "processor a class declared inside a method or expression, so it cannot be compiled; declare it as a "
      + "top-level or static nested class";
  public static final String LAYER_IN_LOCAL_CLASS = "@%s is on '%s' in a %s class, which javac shows no annotation "
      + "processor, so the layer would be ignored: declare the network as a top-level or static nested class with "
      + "@Network";
  public static final String LAYER_STATIC =
      "layer field '%s' is static: a layer must be an instance field; remove 'static'";
  public static final String TWO_LAYER_ANNOTATIONS =
      "field '%s' has both @%s and @%s: a field is one layer; declare a second field for the other layer";
  public static final String LABEL_COUNT =
      "labels has %d entries but the last layer has %d outputs: give exactly one label per output";
  public static final String CANNOT_WRITE =
      "cannot write %s (%s): another type of that name may exist; rename the network class";
  public static final String TOO_LARGE =
      "%s would hold %,d values, more than a Java array can (%,d): use fewer filters or units, or a smaller input";
  public static final String REGISTRY_NOT_WRITTEN = "cannot write %s (read by fovea:summary): %s";
  public static final String SPEC_NOT_WRITTEN = "cannot write %s (read by fovea:export): %s";
  public static final String SUMMARY = "Fovea model summary of %s:%n%s";
  public static final String VECTOR_MODULE_MISSING = "-Afovea.backend=vector needs the Vector API at compile time: "
      + "add the compiler arguments --add-modules jdk.incubator.vector; generating the portable backend only";
  public static final String MODULE_DOES_NOT_READ_VECTOR = "module %s does not read jdk.incubator.vector: add "
      + "'requires jdk.incubator.vector;' to its module-info for the Vector API backend; writing the portable one only";
  public static final String UNKNOWN_BACKEND = "-Afovea.backend=%s is not a backend: use auto, portable or vector";
  public static final String INTERNAL_ERROR =
      "Fovea's processor failed on %s (%s): this is a bug in Fovea; please report it with this class";

  private Messages() {}
  public static final String NEGATIVE = "%s must be 0 or more, got %d";
  public static final String POOL_PADDING =
      "padding %dx%d is more than half the window %dx%d: every window must hold an input cell; use at most half the window";
  public static final String FROM_UNKNOWN =
      "from names '%s', which is not a layer declared above '%s': name a layer declared before this one, or \"input\" for the network's input";
  public static final String FROM_ONE =
      "%s reads one layer, but from names %d: name one layer, or leave from empty to read the layer declared above";
  public static final String FROM_MERGE =
      "%s joins two or more layers, but from names %d: name every layer to join, e.g. from = {\"a\", \"b\"}";
  public static final String ADD_SHAPES =
      "Add needs inputs of one shape, but '%s' is %s and '%s' is %s: make the branches agree, e.g. project the shortcut with a 1x1 Conv2D of the right filters and strides";
  public static final String CONCAT_SHAPES =
      "Concat joins along the channels, so its inputs need one height and width (or all be flat), but '%s' is %s and '%s' is %s";
  public static final String UNUSED_OUTPUT =
      "no layer reads the output of '%s', and it is not the network's output (the last layer): it is computed for nothing; read it with from, or remove it";
  public static final String INPUT_NAME_RESERVED =
      "a layer cannot be named 'input': from = \"input\" means the network's input; rename the layer";
  public static final String USE_NOT_BLOCK =
      "@Use names %s, which is not annotated with @Block: annotate that class with @Block, or name a block class";
  public static final String USE_ARGS =
      "block %s takes %d arguments %s, but @Use gives %d: give one value per argument, in order";
  public static final String ARG_OUTSIDE_BLOCK =
      "%s is ARG%d, which only a @Block's layer may use (the use site's arguments fill it in)";
  public static final String ARG_MISSING =
      "%s is ARG%d, but block %s takes %d arguments: declare it in @Block(args = {...}) or use an argument it has";
  public static final String BLOCK_CYCLE =
      "block %s uses itself (through %s): a block cannot contain itself";
  public static final String IN_BLOCK = "in %s: %s";
  public static final String NAME_TOO_LONG =
      "layer name '%s...' is %,d characters long: use at most %d (it becomes part of generated identifiers)";
  public static final String SAME_JAVA_NAME =
      "layer names '%s' and '%s' both become %s in the generated Java (capitals start a word, dots and words join with '_'): rename one";
  public static final String BLOCK_NO_LAYERS =
      "@Block class %s declares no layers: annotate its fields with %s";
  public static final String NOT_FINITE = "%s must be a finite number, got %s";
  public static final String LRN_ALPHA = "alpha must be 0 or more, got %s: with a negative alpha the divisor k + "
      + "alpha / size * (sum of squares) can reach 0";
  public static final String LRN_K = "k must be more than 0, got %s: it keeps the divisor k + alpha / size * (sum "
      + "of squares) above 0";
  public static final String CHANNEL_WINDOW_TOO_LARGE =
      "channel window %d is larger than the %d channels of its input: use a window of at most %d";
  public static final String CHANNEL_STRIDES =
      "strides must be 0 (meaning the window) or more, got %d";
  public static final String CHANNEL_STRIDES_SKIP = "strides %d are larger than the window %d, so some channels are "
      + "never read: use strides no larger than the window";
  public static final String SIGMA = "sigma must be more than 0, got %s";
  public static final String FIXED_TOO_LARGE = "%s %dx%d has %,d weights, more than the %,d Fovea writes into the "
      + "generated code: use at most 32x32";
  public static final String SOBEL_SIZE = "%s is 3x3, but size is %dx%d: leave size out or write 3";
  public static final String IDENTITY_EVEN =
      "IDENTITY needs an odd height and width so that the kernel has a centre, got %dx%d";
  public static final String WEIGHTS_COUNT =
      "CONSTANTS needs height x width = %d weights, row by row, got %d: give one weight per cell of size";
  public static final String WEIGHTS_UNUSED =
      "weights are for CONSTANTS only, but the kernel is %s: remove weights, or write value = CONSTANTS";
  public static final String FIXED_KERNEL_TOO_LARGE =
      "kernel %dx%d is larger than its padded input %dx%d: use a smaller size or add padding";
  public static final String INPUT_FORM = "@Input takes height and width for an image or length for a sequence, "
      + "got %s: give height and width, or length alone";
  public static final String SEQUENCE_AFTER_DENSE =
      "%s cannot follow Dense layer '%s': a Dense output is flat and cannot be read back as channels x length; put every Conv1D and pooling layer before the first Dense";
  public static final String NEEDS_SEQUENCE = "%s reads a sequence [channels, length], but '%s' is the image %s: "
      + "declare the network's input as @Input(channels = ..., length = ...), or use %s";
  public static final String NEEDS_IMAGE = "%s reads an image [channels, height, width], but '%s' is the sequence %s: "
      + "%s";
  public static final String IMAGE_ONLY = "this kind has no one-dimensional form: declare the network's input "
      + "with height and width, or use @Conv1D, @MaxPool1D, @AvgPool1D, @GlobalMaxPool1D or @GlobalAvgPool1D";
  public static final String PADDING_LENGTH_1D =
      "padding takes VALID, SAME, one amount for both ends or {left, right}, got %d values";
  public static final String KERNEL_TOO_LONG =
      "kernel %d is longer than its padded input %d: use a smaller kernel or add padding";
  public static final String WINDOW_TOO_LONG =
      "pooling window %d is longer than its padded input %d: use a smaller window or remove this layer";
  public static final String STRIDES_BEYOND_SEQUENCE =
      "strides %d are longer than the padded input %d, so every output cell after the first would start outside it: use strides no larger than the input";
  public static final String STRIDE_SKIPS_SEQUENCE =
      "strides %d are larger than the %s %d, so some input cells are never read: use strides no larger than the %s";
  public static final String POOL_PADDING_1D =
      "padding %d is more than half the window %d: every window must hold an input cell; use at most half the window";
  public static final String POOL_PADDING_NEGATIVE = "padding must be 0 or more, got %d";
  public static final String POOL_STRIDES_1D = "strides must be 0 (meaning the window) or more, got %d";
}
