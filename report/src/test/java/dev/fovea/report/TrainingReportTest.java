package dev.fovea.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.runtime.Json;
import dev.fovea.runtime.Model;
import java.io.ByteArrayInputStream;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingReportTest {

  @Test
  void pageHasEverySectionAndLoadsNothing() {
    Trained t = Trained.get();
    String html = TrainingReport.of(t.model).test(t.test).history(Epoch.of(t.epochs)).html();
    for (String heading : List.of("Model", "Training", "Confusion matrix on", "First convolution&#39;s kernels",
        "Feature maps", "Worst-classified test images", "Settings, data, timing and fingerprint")) {
      assertTrue(html.contains("<h2>" + heading), heading);
    }
    assertTrue(html.contains("Ankle &lt;boot&gt;"), "labels are escaped");
    assertFalse(html.contains("<boot>"));
    assertFalse(html.contains("<script"));
    // Every reference stays inside the page: only data: URIs and the SVG namespace.
    Matcher refs = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(html);
    int images = 0;
    while (refs.find()) {
      assertTrue(refs.group(1).startsWith("data:image/png;base64,"), refs.group(1));
      images++;
    }
    // 6 kernels, 1 input + 6 + 12 feature maps, 12 worst images
    assertEquals(6 + 1 + 6 + 12 + 12, images);
    assertTrue(html.contains(Sections.NO_VALIDATION));
    assertTrue(html.contains(Sections.NO_SCHEDULE));
  }

  @Test
  void validationAndLearningRateFromMetadataAreCharted() throws Exception {
    Map<String, Object> json = metadata("""
        {"epoch": 1, "loss": 1.2, "accuracy": 0.55, "validationLoss": 0.9, "validationAccuracy": 0.66,
         "learningRate": 0.002, "seconds": 1.5},
        {"epoch": 2, "loss": 0.7, "accuracy": 0.74, "validation": {"loss": 0.8, "accuracy": 0.71},
         "lr": 0.001, "seconds": 0.9}""");
    String html = TrainingReport.of(Trained.get().model).metadata(json).html();
    assertTrue(html.contains("<title>Learning rate</title>"));
    assertTrue(html.contains("<th>Validation loss</th>"));
    assertTrue(html.contains("<span>validation accuracy</span><b>71.00 %</b>"), "the last epoch's, as a card");
    assertTrue(html.contains("validation, epoch 2: 71 %"), "the nested validation object is read");
    assertTrue(html.contains("learning rate, epoch 2: 0.001"));
    assertFalse(html.contains(Sections.NO_VALIDATION));
    assertTrue(html.contains(Sections.NO_TEST));
    assertTrue(html.contains("sha-of-weights"));
    assertTrue(html.contains("<th>stoppedEarly</th><td>true</td>"), "metrics the report does not know are shown");
    assertTrue(html.contains("data/fashion-mnist-slice"));
  }

  @Test
  void historyWithoutValidationOrScheduleSaysSo() throws Exception {
    Map<String, Object> json = metadata("""
        {"epoch": 1, "loss": 1.2, "accuracy": 0.55, "seconds": 1.5}""");
    String html = TrainingReport.of(Trained.get().model).metadata(json).html();
    assertFalse(html.contains("<title>Learning rate</title>"));
    assertTrue(html.contains(Sections.NO_VALIDATION));
    assertTrue(html.contains(Sections.NO_SCHEDULE + "; the learning rate was 0.002 throughout."));
    assertTrue(TrainingReport.of(Trained.get().model).html().contains(Sections.NO_HISTORY));
  }

  @Test
  void featureMapsAreTheNetworksOwnActivations() {
    Trained t = Trained.get();
    Model model = t.model;
    var plan = LayerTrace.plan(model);
    for (int i = 0; i < 20; i++) {
      List<LayerTrace.Output> outputs = LayerTrace.forward(plan, model.parameters(), t.test.images(), t.test.offset(i));
      float[] logits = model.forward(t.test.images(), t.test.offset(i));
      float[] traced = outputs.get(outputs.size() - 1).values();
      for (int j = 0; j < logits.length; j++) {
        assertEquals(logits[j], traced[j], 1e-4f * Math.max(1, Math.abs(logits[j])), "image " + i + " output " + j);
      }
    }
  }

  @Test
  void bothBackendsFindTheirLayerDescription() throws Exception {
    Model portable = Model.of(SmallNetNet.class);
    Model vector = Model.of(Class.forName(SmallNetNet.class.getName() + "Vector"));
    assertEquals("vector", vector.backend());
    for (Model m : List.of(portable, vector)) {
      assertEquals(List.of("c1", "s2", "c3", "s4", "output"),
          LayerTrace.plan(m).layers().stream().map(l -> l.name()).toList(), m.backend());
    }
  }

  @Test
  void aNetworkWithoutItsLayerDescriptionIsOneClearMessage() throws Exception {
    String generated = SmallNetNet.class.getName();
    byte[] bytes;
    try (var in = getClass().getResourceAsStream("SmallNetNet.class")) {
      bytes = in.readAllBytes();
    }
    // The generated class as a project compiled without the processor's resources would have it.
    ClassLoader withoutSpecs = new ClassLoader(getClass().getClassLoader()) {
      @Override
      public java.net.URL getResource(String name) {
        return name.startsWith("META-INF/fovea/") ? null : super.getResource(name);
      }

      @Override
      protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
          if (!name.equals(generated)) {
            return super.loadClass(name, resolve);
          }
          Class<?> c = findLoadedClass(name);
          return c != null ? c : defineClass(name, bytes, 0, bytes.length);
        }
      }
    };
    Model model = Model.of(withoutSpecs.loadClass(generated));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingReport.of(model).html());
    assertEquals(String.format(LayerTrace.NO_SPEC, "META-INF/fovea/specs/" + generated + ".properties", "SmallNet"),
        e.getMessage());
  }

  @Test
  void theTraceFollowsShortcutsAndEveryGraphLayerKind() {
    Model model = Model.of(BranchyNetNet.class);
    dev.fovea.runtime.Initializer.initialize(model, 7);
    var plan = LayerTrace.plan(model);
    float[] image = new float[model.inputSize()];
    java.util.Random random = new java.util.Random(3);
    for (int i = 0; i < image.length; i++) {
      image[i] = (float) random.nextGaussian();
    }
    List<LayerTrace.Output> outputs = LayerTrace.forward(plan, model.parameters(), image, 0);
    assertEquals(plan.layers().size(), outputs.size(), "every layer traced");
    float[] logits = model.forward(image, 0);
    float[] traced = outputs.get(outputs.size() - 1).values();
    for (int j = 0; j < logits.length; j++) {
      assertEquals(logits[j], traced[j], 1e-4f * Math.max(1, Math.abs(logits[j])), "output " + j);
    }
  }

  @Test
  void theTraceRecomputesEveryCatalogueKind() {
    Model model = Model.of(CatalogueNetNet.class);
    dev.fovea.runtime.Initializer.initialize(model, 5);
    var plan = LayerTrace.plan(model);
    float[] image = new float[model.inputSize()];
    java.util.Random random = new java.util.Random(4);
    for (int i = 0; i < image.length; i++) {
      image[i] = (float) random.nextGaussian();
    }
    List<LayerTrace.Output> outputs = LayerTrace.forward(plan, model.parameters(), image, 0);
    assertEquals(plan.layers().size(), outputs.size(), "every layer traced");
    float[] logits = model.forward(image, 0);
    float[] traced = outputs.get(outputs.size() - 1).values();
    for (int j = 0; j < logits.length; j++) {
      assertEquals(logits[j], traced[j], 1e-4f * Math.max(1, Math.abs(logits[j])), "output " + j);
    }
  }

  @Test
  void pngDecodesToItsPixels() throws Exception {
    int[] rgb = {0xff0000, 0x00ff00, 0x0000ff, 0x123456, 0xffffff, 0x000000};
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(Png.encode(3, 2, rgb)));
    assertEquals(3, image.getWidth());
    assertEquals(2, image.getHeight());
    for (int i = 0; i < rgb.length; i++) {
      assertEquals(rgb[i], image.getRGB(i % 3, i / 3) & 0xffffff, "pixel " + i);
    }
  }

  @Test
  void writesAtomicallyIntoANewDirectory(@TempDir Path dir) throws Exception {
    Path file = TrainingReport.of(Trained.get().model).write(dir.resolve("fovea/SmallNet.html"));
    assertTrue(Files.readString(file).startsWith("<!DOCTYPE html>"));
  }

  @Test
  void numbersReadWell() {
    assertEquals("0.001", Html.number(0.001));
    assertEquals("0.6863", Html.number(0.68634));
    assertEquals("42", Html.number(42));
    assertEquals("3.000e-05", Html.number(3e-5));
    assertEquals(2.0, Charts.niceStep(1.3));
    assertEquals(0.05, Charts.niceStep(0.031), 1e-12);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> metadata(String epochs) throws Json.ParseException {
    return (Map<String, Object>) Json.parse("""
        {"format": "fovea-model/1", "network": "SmallNet", "generatedClass": "dev.fovea.report.SmallNetNet",
         "inputShape": [1, 28, 28], "data": "data/fashion-mnist-slice",
         "preprocessing": {"scale": "pixel / 255", "standardize": true, "mean": 0.2858, "std": 0.3532},
         "settings": {"optimizer": "adam", "learningRate": 0.002, "epochs": 2},
         "metrics": {"seconds": 2.4, "stoppedEarly": true, "epochs": [%s]},
         "fingerprint": {"network": "n", "data": "d", "settings": "s"}, "weightsSha256": "sha-of-weights"}
        """.formatted(epochs));
  }
}
