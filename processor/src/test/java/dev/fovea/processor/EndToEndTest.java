package dev.fovea.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.fovea.processor.testing.Generated;
import dev.fovea.runtime.Adam;
import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.Evaluation;
import dev.fovea.runtime.Evaluator;
import dev.fovea.runtime.FashionMnist;
import dev.fovea.runtime.Initializer;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.SafeTensors;
import dev.fovea.runtime.TrainTest;
import dev.fovea.runtime.Trainer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LeNet-5 from annotated source to a trained, saved and reloaded model: the processor compiles it, the runtime
 * trains one epoch on the bundled Fashion-MNIST slice, and the weights survive a safetensors round trip.
 */
class EndToEndTest {
  private static final Path SLICE = Path.of(System.getProperty("basedir", "."))
      .resolve("../example-project/data/fashion-mnist-slice").normalize();

  @Test
  void leNet5LearnsFashionMnistAndSurvivesASaveLoadRoundTrip(@TempDir Path dir) {
    Compilation compilation = Generated.compileAnnotated(GoldenSourceTest.leNet5());
    Class<?> generated = Generated.load(compilation, "demo.LeNet5Net");
    TrainTest data = FashionMnist.load(SLICE).standardized();
    Model model = Model.of(generated);
    Initializer.initialize(model, 42);

    // One epoch of 20,000 images, Adam 0.003, batch 8: seed 42 gives 80.7 %; over seeds 1-8 the test accuracy
    // spans 73-81 %, median 78 % (sigmoid LeNet-5 escapes its early plateau at a seed-dependent step).
    try (Trainer trainer = new Trainer(model, new Adam(0.003), new Trainer.Config(1, 8, 42, 2))) {
      trainer.fit(data.train(), report -> System.out.println(report.format()));
    }
    Evaluation evaluation = Evaluator.evaluate(model, data.test(), 3);
    System.out.println(evaluation.format(FashionMnist.LABELS));
    assertTrue(evaluation.accuracy() > 0.75, "test accuracy " + evaluation.accuracy());

    Path weights = dir.resolve("lenet5.safetensors");
    SafeTensors.save(model, weights, Map.of("network", "LeNet5"));
    Model reloaded = Model.of(generated);
    SafeTensors.load(reloaded, weights);
    assertArrayEquals(model.parameters(), reloaded.parameters());
    Dataset test = data.test();
    for (int i = 0; i < test.size(); i++) {
      float[] expected = model.forward(test.images(), test.offset(i)).clone();
      float[] actual = reloaded.forward(test.images(), test.offset(i));
      assertArrayEquals(expected, actual, "sample " + i);
      assertEquals(model.predict(test.images(), test.offset(i)), reloaded.predict(test.images(), test.offset(i)));
    }
  }

  @Test
  void generatedReplicasTrainToTheSameWeightsOnOneOrTwoThreads() {
    Class<?> generated = Generated.load(Generated.compileAnnotated(GoldenSourceTest.leNet5()), "demo.LeNet5Net");
    Dataset train = FashionMnist.load(SLICE).train().slice(0, 640);
    float[] oneThread = trainBriefly(generated, train, 1);
    float[] twoThreads = trainBriefly(generated, train, 2);
    assertArrayEquals(oneThread, twoThreads);
  }

  private static float[] trainBriefly(Class<?> generated, Dataset train, int threads) {
    Model model = Model.of(generated);
    Initializer.initialize(model, 7);
    try (Trainer trainer = new Trainer(model, new Adam(), new Trainer.Config(1, 64, 7, threads))) {
      trainer.fit(train, report -> { });
    }
    return model.parameters().clone();
  }
}
