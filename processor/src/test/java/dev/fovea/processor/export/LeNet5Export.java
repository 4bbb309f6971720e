package dev.fovea.processor.export;

import com.google.testing.compile.JavaFileObjects;
import dev.fovea.processor.testing.CompiledProject;
import dev.fovea.processor.testing.Generated;
import dev.fovea.processor.testing.LeNet5Source;
import dev.fovea.runtime.Adam;
import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.FashionMnist;
import dev.fovea.runtime.Initializer;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.SoftmaxCrossEntropy;
import dev.fovea.runtime.TrainTest;
import dev.fovea.runtime.Trainer;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * The fixture of the export tests: LeNet-5 with Fashion-MNIST labels, compiled by the processor, trained
 * briefly on standardised data, and what the runtime predicts for every image of the bundled test slice.
 */
final class LeNet5Export {
  static final Path SLICE = Path.of(System.getProperty("basedir", "."))
      .resolve("../example-project/data/fashion-mnist-slice").normalize().toAbsolutePath();
  static final Path TEST_IMAGES = SLICE.resolve("t10k-images-idx3-ubyte.gz");
  static final String GENERATED = "demo.LeNet5Net";

  final URLClassLoader classes;
  final Model model;
  /** The raw test images, pixels / 255 as the IDX reader scales them; the classifier standardises itself. */
  final Dataset rawTest;
  final double mean;
  final double std;
  final int[] predictions;
  final float[][] probabilities;

  LeNet5Export(Path projectClasses) throws Exception {
    this(projectClasses, false);
  }

  /**
   * With {@code vector}, the project is compiled with jdk.incubator.vector, so it also holds the runtime's vector
   * class ({@link #GENERATED} + "Vector"); the model trained and recorded here is the portable one either way.
   */
  LeNet5Export(Path projectClasses, boolean vector) throws Exception {
    var source = JavaFileObjects.forSourceString("demo.LeNet5", LeNet5Source.LABELLED);
    classes = CompiledProject.loader(CompiledProject.write(vector ? Generated.compileAnnotatedWithVector(source)
        : Generated.compileAnnotated(source), projectClasses));
    model = Model.of(classes.loadClass(GENERATED));
    TrainTest raw = FashionMnist.load(SLICE);
    double[] stats = raw.train().pixelMeanAndStd();
    mean = stats[0];
    std = stats[1];
    TrainTest data = raw.standardized();
    Initializer.initialize(model, 42);
    try (Trainer trainer = new Trainer(model, new Adam(0.003), new Trainer.Config(1, 8, 42, 1))) {
      trainer.fit(data.train().slice(0, 2000), report -> { });
    }
    rawTest = raw.test();
    Dataset test = data.test();
    predictions = new int[test.size()];
    probabilities = new float[test.size()][];
    for (int i = 0; i < test.size(); i++) {
      predictions[i] = model.predict(test.images(), test.offset(i));
      float[] p = model.forward(test.images(), test.offset(i)).clone();
      SoftmaxCrossEntropy.softmax(p, p);
      probabilities[i] = p;
    }
  }

  ClassifierExport export() throws ExportException {
    return ClassifierExport.of(classes, GENERATED, model.parameters()).standardization(mean, std);
  }

  /** Test image {@code i} as the raw grey bytes it was read from. */
  byte[] greyBytes(int i) {
    byte[] bytes = new byte[rawTest.imageSize()];
    for (int k = 0; k < bytes.length; k++) {
      bytes[k] = (byte) Math.round(rawTest.images()[rawTest.offset(i) + k] * 255f);
    }
    return bytes;
  }
}
