package dev.fovea.processor.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.processor.testing.ClassFileMethods;
import dev.fovea.processor.testing.Jdk;
import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.SoftmaxCrossEntropy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported classifier on both backends. Its jar holds the portable forward pass and the optional Vector
 * API one; a bare {@code java -jar} without jdk.incubator.vector runs the portable pass, never loads the vector
 * class and prints nothing on standard error, and one with {@code --add-modules jdk.incubator.vector} runs the
 * vector pass where the runtime would (vectors of 8 floats or more). On every image of the bundled test slice
 * both give the same class, and each gives the probabilities of the runtime's class of the same backend bit for
 * bit; the two backends' logits agree within the runtime's tolerance.
 */
class VectorBackendExportTest {
  private static final String VECTOR_MODULE = "jdk.incubator.vector";
  private static final String INCUBATOR_WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";
  private static final Pattern PROBABILITY = Pattern.compile("\"class\": (\\d+), \"probability\": ([^}]+)}");

  @TempDir static Path dir;
  static LeNet5Export lenet;
  static ExportResult jar;
  static Model vectorModel;
  /** The runtime's outputs of every test image on its portable and its vector class. */
  static float[][] portableLogits;
  static float[][] vectorLogits;

  @BeforeAll
  static void exportTheJarAndRunTheRuntimesTwoBackends() throws Exception {
    lenet = new LeNet5Export(dir.resolve("project"), true);
    jar = lenet.export().writeJar(dir.resolve("lenet5-classifier.jar"));
    System.out.println("LeNet-5 jar with the vector pass: " + jar.summary());
    vectorModel = Model.of(lenet.classes.loadClass(LeNet5Export.GENERATED + "Vector"), lenet.model.parameters());
    Dataset test = lenet.rawTest.standardized(lenet.mean, lenet.std);
    int n = test.size();
    portableLogits = new float[n][];
    vectorLogits = new float[n][];
    for (int i = 0; i < n; i++) {
      portableLogits[i] = lenet.model.forward(test.images(), test.offset(i)).clone();
      vectorLogits[i] = vectorModel.forward(test.images(), test.offset(i)).clone();
    }
  }

  /** Runs the jar with {@code --backend --json --all} on the test images: the backend line, then one per image. */
  private static Jdk.Run classifyAll(String... jvmOptions) {
    List<String> command = new ArrayList<>(List.of(jvmOptions));
    command.addAll(List.of("-jar", jar.jar().toString(), "--backend", "--json", "--all",
        LeNet5Export.TEST_IMAGES.toString()));
    return Jdk.java(dir, command.toArray(String[]::new));
  }

  /** Every image's probabilities by class, from {@code --json --all} lines. */
  private static float[][] probabilities(List<String> lines) {
    float[][] p = new float[lines.size()][10];
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = PROBABILITY.matcher(lines.get(i));
      int found = 0;
      while (m.find()) {
        p[i][Integer.parseInt(m.group(1))] = Float.parseFloat(m.group(2));
        found++;
      }
      assertEquals(10, found, lines.get(i));
    }
    return p;
  }

  private static float[] softmax(float[] logits) {
    float[] p = logits.clone();
    SoftmaxCrossEntropy.softmax(p, p);
    return p;
  }

  private static int argmax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  @Test
  void theJarHoldsTheVectorPassAndTheClassifiersOwnClassesNeverNameTheVectorApi() throws IOException {
    assertTrue(jar.vector(), jar::summary);
    List<String> classes = new ArrayList<>();
    try (JarFile file = new JarFile(jar.jar().toFile())) {
      for (var entry : file.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
        classes.add(entry.getName());
        byte[] bytes = file.getInputStream(entry).readAllBytes();
        ClassLimits.check(ClassFileMethods.parse(bytes));
        boolean namesVectorApi = new String(bytes, StandardCharsets.ISO_8859_1).contains("jdk/incubator/vector");
        assertEquals(entry.getName().equals("demo/LeNet5ClassifierVector.class"), namesVectorApi, entry.getName());
      }
    }
    assertTrue(classes.contains("demo/LeNet5ClassifierVector.class"), classes::toString);
    assertTrue(classes.stream().allMatch(c -> c.startsWith("demo/LeNet5Classifier")), "JDK only: " + classes);
  }

  @Test
  void withoutTheModuleThePortablePassRunsSilentlyAndEqualsTheRuntimesPortableClass() throws IOException {
    Path loaded = dir.resolve("portable-classes.log");
    Jdk.Run run = classifyAll("-Xlog:class+load=info:file=" + loaded);
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals("", run.err(), "no warning or error without the module");
    List<String> lines = run.out().lines().toList();
    assertTrue(lines.get(0).startsWith("{\"backend\": \"portable\", \"reason\": \"this JVM has no " + VECTOR_MODULE),
        lines.get(0));
    float[][] p = probabilities(lines.subList(1, lines.size()));
    assertEquals(portableLogits.length, p.length);
    for (int i = 0; i < p.length; i++) {
      assertEquals(List.of(bits(softmax(portableLogits[i]))), List.of(bits(p[i])), "image " + i);
    }
    String log = Files.readString(loaded);
    assertTrue(log.contains("demo.LeNet5Classifier$Net "), "the log lists the classes loaded");
    assertFalse(log.contains("LeNet5ClassifierVector"), "the vector class was loaded");
    assertFalse(log.contains("jdk.incubator"), "a Vector API class was loaded");
  }

  @Test
  void withTheModuleTheClassifierChoosesAsTheRuntimeDoes() throws Exception {
    String runtime = Model.forGenerated(lenet.classes.loadClass(LeNet5Export.GENERATED)).backend();
    Jdk.Run run = Jdk.java(dir, "--add-modules", VECTOR_MODULE, "-jar", jar.jar().toString(), "--backend");
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals(INCUBATOR_WARNING, run.err().strip(), "the JVM's own notice, nothing else");
    assertTrue(run.out().startsWith("backend: " + runtime + " ("), () -> "the runtime chose " + runtime + ": " + run);
  }

  @Test
  void theVectorPassGivesTheSameClassForEveryImageAndTheRuntimesVectorProbabilities() {
    Jdk.Run run = classifyAll("--add-modules", VECTOR_MODULE, "-Dfovea.backend=vector");
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals(INCUBATOR_WARNING, run.err().strip(), "the JVM's own notice, nothing else");
    List<String> lines = run.out().lines().toList();
    assertTrue(lines.get(0).startsWith("{\"backend\": \"vector\", \"reason\": \"" + VECTOR_MODULE + ", "),
        lines.get(0));
    float[][] p = probabilities(lines.subList(1, lines.size()));
    double worst = 0;
    for (int i = 0; i < p.length; i++) {
      assertEquals(List.of(bits(softmax(vectorLogits[i]))), List.of(bits(p[i])), "image " + i);
      assertEquals(argmax(portableLogits[i]), argmax(p[i]), "image " + i + ": another class than the portable pass");
      assertEquals(lenet.predictions[i], argmax(vectorLogits[i]), "image " + i);
      for (int k = 0; k < 10; k++) {
        // The tolerance each runtime backend keeps to the double reference (ReferenceComparisonTest), twice.
        double difference = Math.abs(vectorLogits[i][k] - portableLogits[i][k]);
        assertTrue(difference <= 2e-5 * Math.max(1, Math.abs(portableLogits[i][k])), "image " + i + " logit " + k);
        worst = Math.max(worst, difference / Math.max(1, Math.abs(portableLogits[i][k])));
      }
    }
    System.out.println("LeNet-5 vector vs portable logits on " + p.length + " images: largest difference "
        + worst + " (relative to max(1, |logit|))");
  }

  @Test
  void thePropertyForcesEitherBackendOrSaysWhyItCannot() {
    Jdk.Run portable = Jdk.java(dir, "--add-modules", VECTOR_MODULE, "-Dfovea.backend=portable", "-jar",
        jar.jar().toString(), "--backend");
    assertEquals(0, portable.exitCode(), portable::toString);
    assertEquals("backend: portable (-Dfovea.backend=portable)", portable.out().strip());
    Jdk.Run vector = Jdk.java(dir, "--add-modules", VECTOR_MODULE, "-Dfovea.backend=vector", "-jar",
        jar.jar().toString(), "--backend");
    assertEquals(0, vector.exitCode(), vector::toString);
    assertTrue(vector.out().startsWith("backend: vector (" + VECTOR_MODULE + ", "), vector::toString);
    Jdk.Run missing = Jdk.java(dir, "-Dfovea.backend=vector", "-jar", jar.jar().toString(), "--backend");
    assertEquals(2, missing.exitCode(), missing::toString);
    assertEquals("LeNet5: -Dfovea.backend=vector needs the JVM option --add-modules " + VECTOR_MODULE,
        missing.err().strip());
    Jdk.Run wrong = Jdk.java(dir, "-Dfovea.backend=fast", "-jar", jar.jar().toString(), "--backend");
    assertEquals(2, wrong.exitCode(), wrong::toString);
    assertEquals("LeNet5: -Dfovea.backend=fast is not a backend: use auto, portable or vector", wrong.err().strip());
  }

  @Test
  void theWrittenSourcesCompileAloneToThePortablePassAndWithTheModuleToBoth() throws Exception {
    ExportResult source = lenet.export().writeSource(dir.resolve("src"));
    Path alone = Files.createDirectories(dir.resolve("alone"));
    Jdk.Run javac = Jdk.javac(dir, "-d", alone.toString(), "-cp", "", source.source().toString());
    assertEquals(0, javac.exitCode(), javac::toString);
    Jdk.Run missing = Jdk.java(dir, "--add-modules", VECTOR_MODULE, "-cp", alone.toString(),
        "demo.LeNet5Classifier", "--backend");
    assertEquals("backend: portable (demo.LeNet5ClassifierVector.class is missing or does not load: compile"
        + " LeNet5ClassifierVector.java with --add-modules " + VECTOR_MODULE + ")", missing.out().strip());

    Path both = Files.createDirectories(dir.resolve("both"));
    Jdk.Run javacBoth = Jdk.javac(dir, "--add-modules", VECTOR_MODULE, "-d", both.toString(), "-cp", "",
        source.source().toString(), source.vectorSource().toString());
    assertEquals(0, javacBoth.exitCode(), javacBoth::toString);
    Jdk.Run vector = Jdk.java(dir, "--add-modules", VECTOR_MODULE, "-Dfovea.backend=vector", "-cp",
        both.toString(), "demo.LeNet5Classifier", "--backend");
    assertTrue(vector.out().startsWith("backend: vector ("), vector::toString);

    ExportResult portableOnly = lenet.export().vectorBackend(false).writeSource(dir.resolve("src"));
    assertEquals(List.of(source.source()), portableOnly.files());
    assertFalse(Files.exists(source.vectorSource()), "the earlier export's vector pass is left behind");
  }

  @Test
  void theVectorPassAllocatesNothingAfterWarmUp() throws Throwable {
    Path classes = Files.createDirectories(dir.resolve("jar-classes"));
    try (JarFile file = new JarFile(jar.jar().toFile())) {
      for (var entry : file.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
        Path target = classes.resolve(entry.getName());
        Files.createDirectories(target.getParent());
        Files.write(target, file.getInputStream(entry).readAllBytes());
      }
    }
    Classifier classifier = Classifier.load(classes);
    float[] input = java.util.Arrays.copyOfRange(lenet.rawTest.images(), 0, lenet.rawTest.imageSize());
    System.setProperty(Model.BACKEND_PROPERTY, "vector");
    int sum = 0;
    try {
      sum += classifier.predict(input); // chooses the backend, in this test JVM with the module
    } finally {
      System.clearProperty(Model.BACKEND_PROPERTY);
    }
    // Vectors are objects until C2 has compiled the vector code, and when it does depends on the machine's load:
    // windows of 1,000 predictions until one allocates nothing, for at most 200 windows.
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long allocated = -1;
    int predictions = 1;
    for (int window = 0; window < 200 && allocated != 0; window++) {
      long before = threads.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < 1_000; i++) {
        sum += classifier.predict(input);
      }
      allocated = threads.getCurrentThreadAllocatedBytes() - before;
      predictions += 1_000;
    }
    assertEquals((long) predictions * lenet.predictions[0], sum);
    assertEquals(0, allocated, "bytes allocated by the last of 200 windows of 1,000 predictions on the vector pass");
  }

  private static Integer[] bits(float[] values) {
    Integer[] bits = new Integer[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToIntBits(values[i]);
    }
    return bits;
  }
}
