package dev.fovea.processor.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.processor.testing.ClassFileMethods;
import dev.fovea.processor.testing.ClassFileMethods.ClassFile;
import dev.fovea.processor.testing.Jdk;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LeNet-5 exported to one source file, compiled by a bare {@code javac} with an empty class path and run by a
 * bare {@code java}: its labels and probabilities equal the runtime's bit for bit, because the forward pass is
 * the processor's own code and preprocessing and softmax repeat the runtime's arithmetic exactly.
 */
class ClassifierExportTest {
  @TempDir static Path dir;
  static LeNet5Export lenet;
  static ExportResult source;
  static Path classes;

  @BeforeAll
  static void exportAndCompileWithBareJavac() throws Exception {
    lenet = new LeNet5Export(dir.resolve("project"));
    source = lenet.export().writeSource(dir.resolve("src"));
    System.out.println("LeNet-5 export: " + source.summary());
    classes = Files.createDirectories(dir.resolve("out"));
    Jdk.Run javac = Jdk.javac(dir, "-d", classes.toString(), "-cp", "", source.source().toString());
    assertEquals(0, javac.exitCode(), javac::toString);
    assertTrue(javac.err().isBlank(), () -> "javac warned: " + javac);
  }

  @Test
  void sourceIsOneFileWithEmbeddedWeightsNamedAfterTheNetworkAndTheOptionalVectorPass() {
    assertEquals("demo.LeNet5Classifier", source.className());
    assertEquals(dir.resolve("src/demo/LeNet5Classifier.java"), source.source());
    assertNull(source.resource(), "61,706 parameters are embedded, not a resource");
    assertEquals(dir.resolve("src/demo/LeNet5ClassifierVector.java"), source.vectorSource());
    assertEquals(List.of(source.source(), source.vectorSource()), source.files());
  }

  @Test
  void everyIdxImageClassifiedByBareJavaMatchesTheRuntimeBitForBit() {
    Jdk.Run run = Jdk.java(dir, "-cp", classes.toString(), "demo.LeNet5Classifier", "--all",
        LeNet5Export.TEST_IMAGES.toString());
    assertEquals(0, run.exitCode(), run::toString);
    List<String> lines = run.out().lines().toList();
    int n = lenet.predictions.length;
    int outputs = 10;
    assertEquals(n * (1 + outputs), lines.size(), "one line per image plus one per class");
    for (int i = 0; i < n; i++) {
      String head = lines.get(i * (1 + outputs));
      assertEquals(expectedLine(LeNet5Export.TEST_IMAGES + "[" + i + "]", i), head);
      for (int k = 0; k < outputs; k++) {
        String line = lines.get(i * (1 + outputs) + 1 + k);
        float printed = Float.parseFloat(line.substring(line.lastIndexOf(' ') + 1));
        int image = i;
        assertEquals(Float.floatToIntBits(lenet.probabilities[i][k]), Float.floatToIntBits(printed),
            () -> "image " + image + ", class " + line);
      }
    }
  }

  @Test
  void pngImagesGreyOrRgbAreClassified() throws IOException {
    Path grey = dir.resolve("grey.png");
    Path rgb = dir.resolve("rgb.png");
    writeGrey(grey, lenet.greyBytes(0), 28);
    writeRgb(rgb, lenet.greyBytes(1));
    Jdk.Run run = Jdk.java(dir, "-cp", classes.toString(), "demo.LeNet5Classifier", "grey.png", "rgb.png");
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals(List.of(expectedLine("grey.png", 0), expectedLine("rgb.png", 1)), run.out().lines().toList());
  }

  @Test
  void runnableJarClassifiesAPngWithJavaDashJar() throws Exception {
    ExportResult jar = lenet.export().writeJar(dir.resolve("lenet5-classifier.jar"));
    System.out.println("LeNet-5 jar: " + jar.summary());
    assertTrue(jar.classBytes() > 0 && jar.jarBytes() > 0 && jar.sourceBytes() == source.sourceBytes(),
        jar::summary);
    Path shoe = dir.resolve("shoe.png");
    writeGrey(shoe, lenet.greyBytes(0), 28);
    Jdk.Run run = Jdk.java(dir, "-jar", jar.jar().toString(), "shoe.png");
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals(expectedLine("shoe.png", 0), run.out().strip());
  }

  @Test
  void noArgumentsPrintsUsageAndAMissingFileIsOneLine() {
    Jdk.Run usage = Jdk.java(dir, "-cp", classes.toString(), "demo.LeNet5Classifier");
    assertEquals(2, usage.exitCode(), usage::toString);
    assertTrue(usage.err().startsWith("usage: java demo.LeNet5Classifier [--top K] [--all] [--json] [--backend] FILE..."), usage::toString);
    Jdk.Run missing = Jdk.java(dir, "-cp", classes.toString(), "demo.LeNet5Classifier", "nothing.png");
    assertEquals(1, missing.exitCode(), missing::toString);
    assertEquals("nothing.png: no such file", missing.err().strip());
  }

  @Test
  void predictionsFromFourThreadsEqualSingleThreadedOnesAndTheRuntimes() throws Throwable {
    Classifier classifier = Classifier.load(classes);
    int n = lenet.predictions.length;
    float[][] inputs = new float[n][];
    for (int i = 0; i < n; i++) {
      inputs[i] = java.util.Arrays.copyOfRange(lenet.rawTest.images(), lenet.rawTest.offset(i),
          lenet.rawTest.offset(i + 1));
    }
    int[] single = new int[n];
    float[][] singleProbabilities = new float[n][];
    for (int i = 0; i < n; i++) {
      single[i] = classifier.predict(inputs[i]);
      singleProbabilities[i] = classifier.probabilities(inputs[i]);
      assertEquals(lenet.predictions[i], single[i], "image " + i);
      assertArrayEquals(lenet.probabilities[i], singleProbabilities[i], "image " + i);
    }
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int start = t * n / threads; // each thread starts elsewhere, so they run different images at once
        done.add(pool.submit(() -> {
          for (int k = 0; k < n; k++) {
            int i = (start + k) % n;
            assertEquals(single[i], classifier.predict(inputs[i]), "image " + i);
            assertArrayEquals(singleProbabilities[i], classifier.probabilities(inputs[i]), "image " + i);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void predictAllocatesNothingAfterWarmUp() throws Throwable {
    Classifier classifier = Classifier.load(classes);
    float[] input = java.util.Arrays.copyOfRange(lenet.rawTest.images(), 0, lenet.rawTest.imageSize());
    int sum = 0;
    // Warm-up creates this thread's buffers, and lets the method handle we call through finish customising
    // itself (java.lang.invoke allocates when it does so after 127 calls), so what remains is predict alone.
    for (int i = 0; i < 2_000; i++) {
      sum += classifier.predict(input);
    }
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 1_000; i++) {
      sum += classifier.predict(input);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertEquals(3_000L * lenet.predictions[0], sum);
    assertEquals(0, allocated, "bytes allocated by 1,000 predictions");
  }

  @Test
  void exportedClassesStayFarInsideClassFileAndJitLimits() throws IOException {
    List<Path> files;
    try (var walk = Files.walk(classes)) {
      files = walk.filter(f -> f.toString().endsWith(".class")).toList();
    }
    assertTrue(files.size() >= 4, "the classifier and its nested classes: " + files);
    for (Path file : files) {
      ClassFile parsed = ClassFileMethods.parse(Files.readAllBytes(file));
      ClassLimits.check(parsed);
    }
  }

  /** What the classifier must print for test image {@code i}: the runtime's label and probability. */
  private static String expectedLine(String name, int i) {
    int label = lenet.predictions[i];
    return String.format(Locale.ROOT, "%s: %s %.3f", name, lenet.model.labels().get(label),
        lenet.probabilities[i][label]);
  }

  private static void writeGrey(Path file, byte[] pixels, int side) throws IOException {
    BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
    for (int i = 0; i < pixels.length; i++) {
      image.getRaster().setSample(i % side, i / side, 0, pixels[i] & 0xFF);
    }
    assertTrue(ImageIO.write(image, "png", file.toFile()));
  }

  private static void writeRgb(Path file, byte[] pixels) throws IOException {
    BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < pixels.length; i++) {
      int v = pixels[i] & 0xFF;
      image.setRGB(i % 28, i / 28, v << 16 | v << 8 | v);
    }
    assertTrue(ImageIO.write(image, "png", file.toFile()));
  }
}
