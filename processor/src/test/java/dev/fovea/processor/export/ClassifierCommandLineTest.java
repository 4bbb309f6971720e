package dev.fovea.processor.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.processor.testing.CompiledProject;
import dev.fovea.processor.testing.Jdk;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported classifier's command line as users deploy it: {@code --top K}, {@code --json}, and pictures of
 * any size resized, made grey and inverted as recorded at export (here LeNet-5 exported with {@code invert}).
 * Pictures that are the test images inverted and scaled up by whole factors must give the runtime's ranking and
 * probabilities exactly: inverting in integers and averaging equal cells are exact.
 */
class ClassifierCommandLineTest {
  private static final Pattern ENTRY =
      Pattern.compile("\\{\"label\": \"([^\"]*)\", \"class\": (\\d+), \"probability\": ([^}]+)}");

  @TempDir static Path dir;
  static LeNet5Export lenet;
  static Path classes;

  @BeforeAll
  static void exportInvertingAndCompile() throws Exception {
    lenet = new LeNet5Export(dir.resolve("project"));
    ExportResult source = lenet.export().invert(true).writeSource(dir.resolve("src"));
    classes = Files.createDirectories(dir.resolve("out"));
    Jdk.Run javac = Jdk.javac(dir, "-d", classes.toString(), "-cp", "", source.source().toString());
    assertEquals(0, javac.exitCode(), javac::toString);
  }

  private static Jdk.Run classify(String... args) {
    List<String> command = new ArrayList<>(List.of("-cp", classes.toString(), "demo.LeNet5Classifier"));
    command.addAll(List.of(args));
    return Jdk.java(dir, command.toArray(String[]::new));
  }

  /** The runtime's classes for test image {@code i}, most likely first, ties in class order. */
  private static int[] ranking(int i) {
    float[] p = lenet.probabilities[i];
    return IntStream.range(0, p.length).boxed()
        .sorted((a, b) -> Float.compare(p[b], p[a])).mapToInt(Integer::intValue).toArray();
  }

  @Test
  void jsonTopThreeOfEveryIdxImageIsTheRuntimesRankingWithExactProbabilities() {
    Jdk.Run run = classify("--json", "--top", "3", LeNet5Export.TEST_IMAGES.toString());
    assertEquals(0, run.exitCode(), run::toString);
    List<String> lines = run.out().lines().toList();
    assertEquals(lenet.predictions.length, lines.size(), "one JSON object per image; IDX files are not inverted");
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      assertTrue(line.startsWith("{\"file\": \"" + LeNet5Export.TEST_IMAGES + "[" + i + "]\", \"top\": ["), line);
      Matcher m = ENTRY.matcher(line);
      int[] expected = ranking(i);
      for (int k = 0; k < 3; k++) {
        assertTrue(m.find(), line);
        int c = expected[k];
        assertEquals(List.of(lenet.model.labels().get(c), c, lenet.probabilities[i][c]),
            List.of(m.group(1), Integer.parseInt(m.group(2)), Float.parseFloat(m.group(3))), line);
      }
      assertTrue(!m.find() && line.endsWith("]}"), line);
    }
  }

  @Test
  void invertedPicturesOfAnySizeGiveTheOriginalsTopClasses() throws IOException {
    byte[] inverted0 = inverted(lenet.greyBytes(0));
    byte[] inverted1 = inverted(lenet.greyBytes(1));
    writeScaled(dir.resolve("same.png"), inverted0, 1, BufferedImage.TYPE_BYTE_GRAY);
    writeScaled(dir.resolve("double.png"), inverted0, 2, BufferedImage.TYPE_BYTE_GRAY);
    writeScaled(dir.resolve("triple-rgb.png"), inverted1, 3, BufferedImage.TYPE_INT_RGB);
    Jdk.Run run = classify("--top", "2", "same.png", "double.png", "triple-rgb.png");
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals(List.of(top("same.png", 0, 2), top("double.png", 0, 2), top("triple-rgb.png", 1, 2)),
        run.out().lines().toList());
  }

  @Test
  void aPictureOfAnotherShapeIsStretchedNotRefused() throws IOException {
    BufferedImage wide = new BufferedImage(90, 30, BufferedImage.TYPE_BYTE_GRAY);
    assertTrue(ImageIO.write(wide, "png", dir.resolve("wide.png").toFile()));
    Jdk.Run run = classify("wide.png");
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().startsWith("wide.png: "), run::toString);
  }

  @Test
  void resizingByAreaAveragingKeepsThePicturesMeanAndItsFlatRegions() throws Exception {
    Class<?> pictures = CompiledProject.loader(classes, ClassLoader.getPlatformClassLoader())
        .loadClass("demo.LeNet5Classifier$Pictures");
    Method input = pictures.getMethod("input", BufferedImage.class);
    BufferedImage image = new BufferedImage(42, 71, BufferedImage.TYPE_BYTE_GRAY);
    Random random = new Random(5);
    double sum = 0;
    for (int y = 0; y < 71; y++) {
      for (int x = 0; x < 42; x++) {
        // The left third is flat (200); the rest random.
        int v = x < 14 ? 200 : random.nextInt(256);
        image.getRaster().setSample(x, y, 0, v);
        sum += (255 - v) / 255.0; // inverted, as this export records
      }
    }
    float[] resized = (float[]) input.invoke(null, image);
    assertEquals(28 * 28, resized.length);
    double mean = 0;
    for (float v : resized) {
      mean += v / (28.0 * 28);
    }
    assertEquals(sum / (42 * 71), mean, 1e-6, "area averaging keeps the picture's mean");
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 9; x++) { // output cells 0-8 cover input columns [0, 13.5), all flat
        assertEquals(55 / 255f, resized[y * 28 + x], 1e-6, "cell " + x + "," + y);
      }
    }
  }

  @Test
  void badOptionsAreOneLineThenUsageAndJsonReportsAFileItCannotRead() throws IOException {
    Jdk.Run zero = classify("--top", "0", "x.png");
    assertEquals(2, zero.exitCode(), zero::toString);
    assertEquals("--top takes a number of classes from 1 to 10, not '0'", zero.err().lines().findFirst().get());
    assertTrue(zero.err().contains("usage: java demo.LeNet5Classifier [--top K]"), zero::toString);
    Jdk.Run unknown = classify("--frobnicate", "x.png");
    assertEquals(2, unknown.exitCode(), unknown::toString);
    assertEquals("unknown option --frobnicate", unknown.err().lines().findFirst().get());
    writeScaled(dir.resolve("ok.png"), inverted(lenet.greyBytes(0)), 1, BufferedImage.TYPE_BYTE_GRAY);
    Jdk.Run json = classify("--json", "missing.png", "ok.png");
    assertEquals(1, json.exitCode(), json::toString);
    List<String> lines = json.out().lines().toList();
    assertEquals("{\"file\": \"missing.png\", \"error\": \"no such file\"}", lines.get(0));
    assertTrue(lines.get(1).startsWith("{\"file\": \"ok.png\", \"top\": [{\"label\": \""
        + lenet.model.labels().get(lenet.predictions[0]) + "\""), lines::toString);
    assertEquals("", json.err());
  }

  /** The text line {@code name: A 0.651, B 0.200} for the top {@code k} classes of test image {@code i}. */
  private static String top(String name, int i, int k) {
    int[] order = ranking(i);
    StringBuilder line = new StringBuilder(name).append(':');
    for (int j = 0; j < k; j++) {
      line.append(j == 0 ? " " : ", ").append(String.format(Locale.ROOT, "%s %.3f",
          lenet.model.labels().get(order[j]), lenet.probabilities[i][order[j]]));
    }
    return line.toString();
  }

  private static byte[] inverted(byte[] grey) {
    byte[] out = Arrays.copyOf(grey, grey.length);
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (255 - (out[i] & 0xFF));
    }
    return out;
  }

  /** A 28x28 grey image written {@code factor} times larger, each pixel a factor x factor block. */
  private static void writeScaled(Path file, byte[] pixels, int factor, int type) throws IOException {
    int side = 28 * factor;
    BufferedImage image = new BufferedImage(side, side, type);
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        int v = pixels[(y / factor) * 28 + x / factor] & 0xFF;
        if (type == BufferedImage.TYPE_BYTE_GRAY) {
          image.getRaster().setSample(x, y, 0, v);
        } else {
          image.setRGB(x, y, v << 16 | v << 8 | v);
        }
      }
    }
    assertTrue(ImageIO.write(image, "png", file.toFile()));
  }
}
