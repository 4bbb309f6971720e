package dev.fovea.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fovea.runtime.FashionMnist;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.ParameterSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The example's networks as the processor compiled them in this build, and the main job's options. */
class ExampleNetworksTest {

  @Test
  void leNet5HasPyTorchsParameterNamesAndShapes() {
    Model model = Model.forNetwork(LeNet5.class);
    assertEquals(61_706, model.parameterCount());
    assertEquals(784, model.inputSize());
    assertEquals(10, model.outputSize());
    assertEquals("SOFTMAX", model.outputActivation());
    assertEquals(FashionMnist.LABELS, model.labels());
    assertEquals("[6,1,5,5]", model.parameterSpec("c1.weight").shapeString());
    assertEquals("[16,6,5,5]", model.parameterSpec("c3.weight").shapeString());
    assertEquals("[120,400]", model.parameterSpec("f5.weight").shapeString());
    assertEquals("[10]", model.parameterSpec("output.bias").shapeString());
  }

  @Test
  void kerasMnistNetHasTheClassicShapes() {
    Model model = Model.forNetwork(KerasMnistNet.class);
    assertEquals(93_322, model.parameterCount());
    assertEquals("[32,1,3,3]", model.parameterSpec("conv1.weight").shapeString());
    assertEquals("[64,64,3,3]", model.parameterSpec("conv3.weight").shapeString());
    assertEquals("[64,576]", model.parameterSpec("dense1.weight").shapeString());
    assertEquals("he_uniform", model.parameterSpec("conv2.weight").init());
  }

  @Test
  void smallResNetHasPyTorchStyleBlockNames() {
    Model model = Model.forNetwork(SmallResNet.class);
    assertEquals(77_322, model.parameterCount());
    assertEquals("[16,16,3,3]", model.parameterSpec("block1.conv1.weight").shapeString());
    assertEquals("[32,16,1,1]", model.parameterSpec("block2.shortcut.weight").shapeString());
    assertEquals("[10,64]", model.parameterSpec("output.weight").shapeString());
  }

  @Test
  void fashionResNetHasTorchvisionsNamesAndBatchNormState() {
    Model model = Model.forNetwork(FashionResNet.class);
    assertEquals(16, model.stages()); // fifteen batch norms
    assertEquals("[32,16,1,1]", model.parameterSpec("layer2.0.downsample.0.weight").shapeString());
    assertEquals("[32]", model.parameterSpec("layer2.0.downsample.1.running_var").shapeString());
    assertTrue(model.parameterSpec("layer1.0.bn1.num_batches_tracked").integer());
    long trainable = model.parameterSpecs().stream().filter(ParameterSpec::trainable)
        .mapToLong(ParameterSpec::length).sum();
    assertEquals(174_970, trainable);
  }

  @Test
  void trainingRecipeOptions() {
    Options o = Options.parse(new String[] {"--network", "resnet-bn", "--augment", "yes", "--schedule", "cosine",
        "--weight-decay", "0.01", "--data", "x"});
    assertEquals("FashionResNet", o.network());
    assertTrue(o.augment());
    assertEquals("cosine", o.schedule());
    assertEquals(0.01, o.weightDecay());
    assertEquals("--schedule takes one of constant, cosine, onecycle, got 'steps'",
        assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {"--schedule", "steps"}))
            .getMessage());
  }

  @Test
  void optionsDefaultPerNetworkAndRejectMistakesReadably() {
    Options lenet = Options.parse(new String[] {"--data", "somewhere"});
    assertEquals("LeNet5", lenet.network());
    assertEquals(Path.of("somewhere"), lenet.data());
    assertEquals("adam", lenet.optimizer());
    Options keras = Options.parse(new String[] {"--network", "keras", "--data", "x"});
    assertEquals("rmsprop", keras.optimizer());
    assertEquals(64, keras.batchSize());
    assertEquals("SmallResNet", Options.parse(new String[] {"--network", "resnet", "--data", "x"}).network());
    assertEquals("xception", Options.parse(new String[] {"--network", "Xception", "--data", "x"}).network());
    assertEquals("unknown network vgg: choose lenet5, keras, resnet, resnet-bn, signal1d or one of alexnet, "
            + "alexnet-torch, vgg11, googlenet, resnet18, resnet34, xception",
        assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {"--network", "vgg"}))
            .getMessage());
    assertEquals("--epochs takes a positive whole number, got '0'",
        assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {"--epochs", "0"}))
            .getMessage());
  }
}
