package dev.fovea.example;

import dev.fovea.runtime.Optimizers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The main job's command line: which network, which data, and the training recipe. */
record Options(
    String network, Path data, String optimizer, double learningRate, int epochs, int batchSize, long seed,
    int threads, Path weights, boolean standardize, boolean augment, String schedule, double weightDecay) {

  /** Debian's dataset-fashion-mnist installs the full set here. */
  static final Path DEBIAN_FULL_SET = Path.of("/usr/share/datasets/fashion-mnist");
  static final Path BUNDLED_SLICE = Path.of("data/fashion-mnist-slice");

  static final String USAGE = String.join("\n",
      "usage: Main [--network lenet5|keras|resnet|resnet-bn|signal1d|ZOO] [--data DIR]",
      "            [--optimizer sgd|momentum|rmsprop|adam] [--lr RATE] [--epochs N] [--batch N] [--seed N]",
      "            [--threads N] [--save FILE] [--standardize yes|no] [--augment yes|no]",
      "            [--schedule constant|cosine|onecycle] [--weight-decay D]",
      "  --data DIR   a directory with the four (optionally gzipped) MNIST-layout IDX files; by default",
      "               " + DEBIAN_FULL_SET + " when Debian's dataset-fashion-mnist is installed,",
      "               else the slice bundled in " + BUNDLED_SLICE,
      "  defaults     lenet5 and resnet: adam, 5 epochs, batch 32; keras: rmsprop, 5 epochs, batch 64",
      "  --lr RATE    default: Keras' rate for the optimizer, 0.01 for sgd and momentum, else 0.001",
      "  --save FILE  where the trained weights go (safetensors); default target/main/<Network>.safetensors",
      "  --standardize  map pixels to zero mean and unit deviation (training-set statistics); default yes",
      "  --augment    random crops (padding 2) and horizontal flips of the training images; default no",
      "  --schedule   the learning rate per step: constant (default), cosine (one warm-up epoch, then a cosine",
      "               to 0), or onecycle (PyTorch's OneCycleLR, the given rate the peak)",
      "  --weight-decay D  decoupled (AdamW's) for adam and rmsprop, L2 for sgd and momentum; default 0",
      "  resnet-bn    FashionResNet: a ResNet with batch norm, three stages of two blocks (16, 32, 64 filters)",
      "  signal1d     Signal1D, a 1-D network, on five classes of noisy waveforms generated from --seed (no --data)",
      "  ZOO          a landmark network at its published size, " + String.join(", ", ZooRun.NETWORKS.keySet()) + ":",
      "               prints its summary and times a forward pass on its own input size (no training)");

  static Options parse(String[] args) {
    String network = "lenet5";
    Path data = null;
    String optimizer = null;
    Double rate = null;
    Integer epochs = null;
    Integer batch = null;
    long seed = 42;
    int threads = Runtime.getRuntime().availableProcessors();
    Path weights = null;
    boolean standardize = true;
    boolean augment = false;
    String schedule = "constant";
    double weightDecay = 0;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--help") || flag.equals("-h")) {
        throw new UsageException("");
      }
      if (i + 1 >= args.length) {
        throw new UsageException(flag + " needs a value");
      }
      String value = args[++i];
      switch (flag) {
        case "--network" -> network = value.toLowerCase(Locale.ROOT);
        case "--data" -> data = Path.of(value);
        case "--optimizer" -> optimizer = value;
        case "--lr" -> rate = number(flag, value);
        case "--epochs" -> epochs = positive(flag, value);
        case "--batch" -> batch = positive(flag, value);
        case "--seed" -> seed = whole(flag, value);
        case "--threads" -> threads = positive(flag, value);
        case "--save" -> weights = Path.of(value);
        case "--standardize" -> standardize = yesOrNo(flag, value);
        case "--augment" -> augment = yesOrNo(flag, value);
        case "--schedule" -> schedule = choice(flag, value, "constant", "cosine", "onecycle");
        case "--weight-decay" -> weightDecay = number(flag, value);
        default -> throw new UsageException("unknown option " + flag);
      }
    }
    String className = switch (network) {
      case "lenet5" -> "LeNet5";
      case "keras" -> "KerasMnistNet";
      case "resnet" -> "SmallResNet";
      case "resnet-bn" -> "FashionResNet";
      case "signal1d" -> "Signal1D";
      default -> {
        if (!ZooRun.NETWORKS.containsKey(network)) {
          throw new UsageException("unknown network " + network + ": choose lenet5, keras, resnet, resnet-bn, signal1d"
              + " or one of " + String.join(", ", ZooRun.NETWORKS.keySet()));
        }
        yield network;
      }
    };
    boolean keras = network.equals("keras");
    if (data == null) {
      data = Files.isDirectory(DEBIAN_FULL_SET) ? DEBIAN_FULL_SET : BUNDLED_SLICE;
    }
    if (optimizer == null) {
      optimizer = keras ? "rmsprop" : "adam";
    }
    // Keras' per-optimiser default (0.01 for SGD), not one rate for all; an unknown optimiser name
    // fails here with the same IllegalArgumentException it would get when the optimiser is built.
    double learningRate = rate != null ? rate : Optimizers.defaultLearningRate(optimizer);
    return new Options(className, data, optimizer, learningRate,
        epochs != null ? epochs : 5, batch != null ? batch : keras ? 64 : 32, seed, threads, weights, standardize,
        augment, schedule, weightDecay);
  }

  private static String choice(String flag, String value, String... choices) {
    for (String c : choices) {
      if (c.equals(value.toLowerCase(Locale.ROOT))) {
        return c;
      }
    }
    throw new UsageException(flag + " takes one of " + String.join(", ", choices) + ", got '" + value + "'");
  }

  private static boolean yesOrNo(String flag, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "yes", "true" -> true;
      case "no", "false" -> false;
      default -> throw new UsageException(flag + " takes yes or no, got '" + value + "'");
    };
  }

  private static double number(String flag, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new UsageException(flag + " takes a number, got '" + value + "'");
    }
  }

  private static long whole(String flag, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new UsageException(flag + " takes a whole number, got '" + value + "'");
    }
  }

  private static int positive(String flag, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(flag + " takes a positive whole number, got '" + value + "'");
  }

  /** A command-line mistake, printed with the usage. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }
}
