package dev.fovea.processor.export;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeSpec;
import dev.fovea.processor.export.ClassifierSource.Standardization;
import dev.fovea.processor.model.NetworkPlan;
import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Exports a trained network as one standalone Java source file (and optionally a runnable jar) that depends on
 * nothing but the JDK: {@code predict}, {@code probabilities}, {@code labels}, the input shape and a
 * {@code main} that classifies PNG, JPEG and IDX files.
 *
 * <p>Weights of models up to {@link #DEFAULT_EMBED_LIMIT} parameters are embedded in the class as Base64 string
 * constants; larger ones go to {@code <ClassName>.weights} beside it (raw little-endian float32). Either way
 * the class checks their SHA-256 when it first loads them.
 *
 * <p>The classifier evaluates: dropout is left out, and each batch norm that can is folded into the convolution or
 * dense layer before it ({@link InferenceFolding}).
 *
 * <p>Beside it goes {@code <ClassName>Vector}, the same forward pass on the Vector API, in a source file of its
 * own that compiles only with {@code --add-modules jdk.incubator.vector}: the classifier runs it when the JVM
 * has that module (and vectors of 8 floats or more), its portable pass otherwise, as the Fovea runtime chooses.
 *
 * <pre>{@code
 * ClassifierExport.of(loader, "demo.LeNet5Net", model.parameters())
 *     .packageName("com.example").standardization(mean, std)
 *     .writeJar(Path.of("target/lenet5-classifier.jar"));
 * }</pre>
 */
public final class ClassifierExport {
  /**
   * Above this many parameters (4 MB of float32, 5.3 MB of Base64 source) the weights go to a resource file:
   * a larger source only slows javac and IDEs down, while a resource costs nothing to compile.
   */
  public static final int DEFAULT_EMBED_LIMIT = 1_000_000;

  private static final String VECTOR_MODULE = "jdk.incubator.vector";

  /** The nested classes of every exported classifier, which the exported class itself cannot be named. */
  private static final Set<String> RESERVED_NAMES =
      Set.of("Net", "Weights", "Parameters", "Pictures", "Options", "Inference", "Kernels");

  /** The network as the classifier runs it: batch norms folded, dropout left out. */
  private final InferenceFolding.Folded folded;
  private String packageName;
  private String className;
  private Standardization standardization;
  private boolean invert;
  private int embedLimit = DEFAULT_EMBED_LIMIT;
  private boolean vector = true;

  private ClassifierExport(NetworkPlan plan, float[] parameters) throws ExportException {
    this.folded = InferenceFolding.fold(plan, parameters);
    this.packageName = plan.spec().packageName();
    this.className = plan.spec().userClassName().replace('.', '_') + "Classifier";
  }

  /**
   * Prepares an export of one network.
   *
   * @param classes a loader that sees the project's compiled classes, where the processor left each network's
   *     spec ({@code META-INF/fovea/specs/<generated class>.properties})
   * @param generatedClass binary name of the generated network class, e.g. {@code demo.LeNet5Net}
   * @param parameters the trained weights, the generated class's flat {@code parameters()} array (copied)
   * @throws ExportException when the spec is missing or invalid, or the weights do not fit the network
   */
  public static ClassifierExport of(ClassLoader classes, String generatedClass, float[] parameters)
      throws ExportException {
    NetworkPlan plan = SpecLoader.load(classes, generatedClass);
    if (parameters == null) {
      throw new ExportException("no weights given for " + generatedClass);
    }
    if (parameters.length != plan.parameterCount()) {
      throw new ExportException(String.format(Locale.ROOT, "%s has %,d parameters but the weights hold %,d values:"
          + " they belong to another network or an older version of it", generatedClass, plan.parameterCount(),
          parameters.length));
    }
    for (int i = 0; i < parameters.length; i++) {
      if (!Float.isFinite(parameters[i])) {
        throw new ExportException("weight " + i + " of " + generatedClass + " is " + parameters[i]
            + ": training diverged; retrain (e.g. with a lower learning rate) before exporting");
      }
    }
    return new ClassifierExport(plan, parameters);
  }

  /** The package of the exported class; default the network's. The empty string is the unnamed package. */
  public ClassifierExport packageName(String p) throws ExportException {
    if (p == null || !p.isEmpty() && !SourceVersion.isName(p)) {
      throw new ExportException("'" + p + "' is not a Java package name: use dot-separated identifiers such as"
          + " com.example.model");
    }
    this.packageName = p;
    return this;
  }

  /** The simple name of the exported class; default {@code <UserClass>Classifier}. */
  public ClassifierExport className(String c) throws ExportException {
    if (c == null || !SourceVersion.isIdentifier(c) || SourceVersion.isKeyword(c)) {
      throw new ExportException("'" + c + "' is not a Java class name: use one identifier such as"
          + " LeNet5Classifier");
    }
    if (RESERVED_NAMES.contains(c) || isJavaLang(c)) {
      // The class's own code says Math, String, Net...: a class of that name would shadow them and not compile.
      throw new ExportException("'" + c + "' would hide a class the classifier uses (" + c + "): choose another"
          + " name, such as " + c + "Classifier");
    }
    this.className = c;
    return this;
  }

  /**
   * Inputs are mapped to {@code (float) ((x - mean) / std)} (in double, as the runtime's
   * {@code Dataset.standardized} does) before the network sees them: pass the statistics the model was trained
   * with (the training set's {@code pixelMeanAndStd()}), so the classifier takes raw [0, 1] pixels.
   */
  public ClassifierExport standardization(double mean, double std) throws ExportException {
    if (!Double.isFinite(mean) || !(std > 0) || !Double.isFinite(std)) {
      throw new ExportException("standardization needs a finite mean and a positive, finite standard deviation,"
          + " got mean " + mean + " and std " + std);
    }
    this.standardization = new Standardization(mean, std);
    return this;
  }

  /**
   * Pictures (PNG, JPEG, or {@code Pictures.input}) are inverted, light for dark, before classifying: for a
   * model trained on light-on-dark images (as MNIST's) that will see dark-on-light pictures (a drawing on
   * paper). IDX files and {@code predict}'s own input are never inverted. Off by default.
   */
  public ClassifierExport invert(boolean invertPictures) {
    this.invert = invertPictures;
    return this;
  }

  /** Models with more parameters than this keep their weights in a resource file; default 1,000,000. */
  public ClassifierExport embedLimit(int parameters) throws ExportException {
    if (parameters < 0) {
      throw new ExportException("the embed limit must be 0 or more parameters, got " + parameters);
    }
    this.embedLimit = parameters;
    return this;
  }

  /**
   * Whether to write the Vector API forward pass ({@code <ClassName>Vector}) beside the classifier; on by
   * default. Off, the classifier always runs its portable pass.
   */
  public ClassifierExport vectorBackend(boolean include) {
    this.vector = include;
    return this;
  }

  /** The binary name of the class this export writes. */
  public String exportedClassName() {
    return packageName.isEmpty() ? className : packageName + "." + className;
  }

  /** Whether the weights go to a {@code .weights} resource rather than into the class. */
  public boolean usesResource() {
    return folded.plan().parameterCount() > embedLimit;
  }

  /**
   * Writes {@code <sourceRoot>/<package dirs>/<ClassName>.java} and, for large models, the weights resource
   * {@code <ClassName>.weights} beside it, which must be copied beside the compiled class (as Maven does for
   * resources); each file atomically. Unless {@link #vectorBackend} is off, also {@code <ClassName>Vector.java},
   * which compiles only with {@code --add-modules jdk.incubator.vector}: compile it so, or leave it out.
   */
  public ExportResult writeSource(Path sourceRoot) throws ExportException {
    Exported e = export();
    Path dir = sourceRoot;
    if (!packageName.isEmpty()) {
      dir = dir.resolve(packageName.replace('.', '/'));
    }
    Path resource = null;
    if (e.resource != null) {
      resource = dir.resolve(resourceName());
      AtomicFiles.write(resource, e.resource);
    }
    Path vectorSource = dir.resolve(className + ClassifierSource.VECTOR_SUFFIX + ".java");
    if (e.vector != null) {
      AtomicFiles.write(vectorSource, e.vector);
    } else {
      // A vector pass left from an earlier export would be compiled beside this classifier, and run another network.
      try {
        Files.deleteIfExists(vectorSource);
      } catch (IOException ex) {
        throw new ExportException("cannot delete " + vectorSource + ", left from an earlier export: " + ex, ex);
      }
      vectorSource = null;
    }
    Path source = dir.resolve(className + ".java");
    AtomicFiles.write(source, e.source);
    return new ExportResult(exportedClassName(), source, e.source.length, resource, size(e.resource), -1, null, -1,
        e.vector != null, vectorSource, size(e.vector));
  }

  /**
   * Compiles the source with the JDK's compiler ({@code --release 17}, empty class path) and writes a jar with
   * the classes, the weights resource if any and a Main-Class, so {@code java -jar FILE shoe.png} classifies.
   * The vector pass is compiled apart, against those classes and with jdk.incubator.vector, so the classifier's
   * own classes provably need neither; it is left out when this JDK has no such module.
   */
  public ExportResult writeJar(Path jarFile) throws ExportException {
    Exported e = export();
    Map<String, byte[]> entries = new LinkedHashMap<>(ClassifierJar.compile(exportedClassName(), e.text));
    boolean withVector = e.vector != null && ModuleFinder.ofSystem().find(VECTOR_MODULE).isPresent();
    if (withVector) {
      entries.putAll(ClassifierJar.compile(exportedClassName() + ClassifierSource.VECTOR_SUFFIX, e.vectorText,
          entries, ClassifierJar.VECTOR_MODULE));
    }
    long classBytes = entries.values().stream().mapToLong(b -> b.length).sum();
    if (e.resource != null) {
      entries.put((packageName.isEmpty() ? "" : packageName.replace('.', '/') + "/") + resourceName(), e.resource);
    }
    byte[] jar = ClassifierJar.jar(exportedClassName(), entries);
    AtomicFiles.write(jarFile, jar);
    return new ExportResult(exportedClassName(), null, e.source.length, null, size(e.resource), classBytes,
        jarFile, jar.length, withVector, null, withVector ? size(e.vector) : -1);
  }

  private static boolean isJavaLang(String simpleName) {
    try {
      Class.forName("java.lang." + simpleName, false, ClassLoader.getPlatformClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private String resourceName() {
    return className + ".weights";
  }

  private static long size(byte[] bytes) {
    return bytes == null ? -1 : bytes.length;
  }

  /**
   * The source as text and as the UTF-8 bytes written, for large models the resource bytes, and the vector
   * pass's source (null when left out).
   */
  private record Exported(String text, byte[] source, byte[] resource, String vectorText, byte[] vector) {}

  private Exported export() {
    ClassName name = ClassName.get(packageName, className);
    NetworkPlan plan = folded.plan();
    byte[] weights = WeightsCode.bytes(folded.parameters());
    boolean resource = usesResource();
    TypeSpec code = resource ? WeightsCode.fromResource(name, resourceName(), weights)
        : WeightsCode.embedded(name, weights);
    String source = ClassifierSource.write(plan, name, standardization, invert, code);
    String vectorSource = vector ? ClassifierSource.vector(plan, name) : null;
    return new Exported(source, source.getBytes(StandardCharsets.UTF_8), resource ? weights : null, vectorSource,
        vectorSource == null ? null : vectorSource.getBytes(StandardCharsets.UTF_8));
  }
}
