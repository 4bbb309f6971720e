package dev.fovea.runtime;

import dev.fovea.api.GeneratedNetwork;
import dev.fovea.api.NetworkInfo;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One generated class as the runtime uses it: its constructors and its {@link NetworkInfo}, checked once and
 * shared by every {@link Model}, replica and sibling of the class.
 */
final class NetworkBinding {
  /** A class that is not a generated network: its name, then what it lacks. */
  static final String INVALID = "%s is not a valid Fovea generated network: %s";
  /** What a class that does not implement the interface lacks (an older Fovea wrote it, or it is another class). */
  static final String NOT_GENERATED = "it does not implement " + GeneratedNetwork.class.getName()
      + " (recompile the project with this Fovea)";

  private static final Set<String> ACTIVATIONS = Set.of("LINEAR", "RELU", "SIGMOID", "TANH", "SOFTMAX");

  /** By class: the info, once the first instance has given it. */
  private static final ClassValue<NetworkBinding> BINDINGS = new ClassValue<>() {
    @Override
    protected NetworkBinding computeValue(Class<?> type) {
      return new NetworkBinding(type);
    }
  };

  final Class<?> type;
  private final AtomicReference<Checked> checked = new AtomicReference<>();

  /** The info with what the runtime derives from it. */
  record Checked(NetworkInfo info, List<String> labels, List<ParameterSpec> specs) {}

  private NetworkBinding(Class<?> type) {
    this.type = type;
    if (!GeneratedNetwork.class.isAssignableFrom(type)) {
      throw invalid(type, NOT_GENERATED);
    }
  }

  static NetworkBinding of(Class<?> type) {
    return BINDINGS.get(type);
  }

  /** A new instance with its own parameters. */
  GeneratedNetwork newEmpty() {
    return create(constructor(MethodType.methodType(void.class), "()"), null);
  }

  /** A new instance sharing {@code parameters}. */
  GeneratedNetwork newShared(float[] parameters) {
    return create(constructor(MethodType.methodType(void.class, float[].class), "(float[])"), parameters);
  }

  private GeneratedNetwork create(MethodHandle constructor, float[] parameters) {
    try {
      return (GeneratedNetwork) (parameters == null ? constructor.invoke() : constructor.invoke(parameters));
    } catch (Throwable t) {
      throw Model.unchecked(t);
    }
  }

  /** The checked info of {@code network}'s class, checked on the first instance and kept. */
  Checked checked(GeneratedNetwork network) {
    Checked known = checked.get();
    if (known == null) {
      checked.compareAndSet(null, check(network.info()));
      known = checked.get();
    }
    if (network.parameters() == null || network.parameters().length != known.info().parameterCount()) {
      throw invalid(type, "parameters() does not hold PARAMETER_COUNT " + known.info().parameterCount() + " values");
    }
    return known;
  }

  private Checked check(NetworkInfo info) {
    if (info == null || info.name() == null || info.summary() == null || info.outputActivation() == null) {
      throw invalid(type, "info() or its name, summary or output activation is null");
    }
    if (info.inputChannels() <= 0 || info.inputHeight() <= 0 || info.inputWidth() <= 0 || info.outputSize() <= 0) {
      throw invalid(type, "non-positive input or output size");
    }
    if (info.stages() < 1 || info.sumsSize() < 0) {
      throw invalid(type, "STAGES " + info.stages() + " or SUMS_SIZE " + info.sumsSize() + " out of range");
    }
    if (!ACTIVATIONS.contains(info.outputActivation())) {
      throw invalid(type, "unknown output activation " + info.outputActivation() + ", expected one of "
          + ACTIVATIONS);
    }
    return new Checked(info, labels(info), specs(info));
  }

  private List<String> labels(NetworkInfo info) {
    String[] declared = info.labels();
    if (declared == null || declared.length == 0) {
      String[] numbers = new String[info.outputSize()];
      Arrays.setAll(numbers, Integer::toString);
      return List.of(numbers);
    }
    if (declared.length != info.outputSize()) {
      throw invalid(type, declared.length + " labels for " + info.outputSize() + " outputs");
    }
    return List.of(declared);
  }

  private List<ParameterSpec> specs(NetworkInfo info) {
    String[] names = info.parameterNames();
    int n = names.length;
    if (info.parameterShapes().length != n || info.parameterOffsets().length != n
        || info.parameterFanIn().length != n || info.parameterFanOut().length != n
        || info.parameterInit().length != n) {
      throw invalid(type, "parameterNames/Shapes/Offsets/FanIn/FanOut/Init differ in length");
    }
    int count = info.parameterCount();
    List<ParameterSpec> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long length = 1;
      for (int d : info.parameterShapes()[i]) {
        length *= d;
      }
      if (length > count) {
        throw invalid(type, names[i] + " has more values than PARAMETER_COUNT");
      }
      try {
        list.add(new ParameterSpec(names[i], info.parameterShapes()[i].clone(), info.parameterOffsets()[i],
            (int) length, info.parameterFanIn()[i], info.parameterFanOut()[i], info.parameterInit()[i]));
      } catch (IllegalArgumentException e) {
        throw invalid(type, e.getMessage());
      }
    }
    // Overlapping or out-of-range tensors would make training and weight files silently wrong.
    List<ParameterSpec> byOffset = new ArrayList<>(list);
    byOffset.sort(Comparator.comparingInt(ParameterSpec::offset));
    int end = 0;
    for (ParameterSpec p : byOffset) {
      if (p.offset() < end) {
        throw invalid(type, p.name() + " overlaps the previous parameter");
      }
      end = p.offset() + p.length();
      if (end > count) {
        throw invalid(type, p.name() + " ends at " + end + ", beyond PARAMETER_COUNT " + count);
      }
    }
    return List.copyOf(list);
  }

  /** Constructors have no names: the two every generated class has are found by their parameter types. */
  private MethodHandle constructor(MethodType signature, String parameters) {
    String description = "public " + type.getSimpleName() + parameters;
    try {
      return MethodHandles.publicLookup().findConstructor(type, signature);
    } catch (NoSuchMethodException e) {
      throw invalid(type, "no " + description);
    } catch (IllegalAccessException e) {
      throw invalid(type, description + " is not accessible (" + e.getMessage() + ")");
    }
  }

  static IllegalArgumentException invalid(Class<?> type, String problem) {
    return new IllegalArgumentException(String.format(INVALID, type.getName(), problem));
  }
}
