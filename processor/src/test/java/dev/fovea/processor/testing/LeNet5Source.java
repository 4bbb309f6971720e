package dev.fovea.processor.testing;

/** The example LeNet-5 declaration as annotated source, plain and with Fashion-MNIST's class labels. */
public final class LeNet5Source {
  public static final String PLAIN = """
      package demo;

      import static dev.fovea.annotations.Activation.*;
      import dev.fovea.annotations.*;

      @Network(input = @Input(channels = 1, height = 28, width = 28))
      public class LeNet5 {
        @Conv2D(filters = 6, kernel = 5, padding = 2, activation = SIGMOID) Layer c1;
        @AvgPool2D(2) Layer s2;
        @Conv2D(filters = 16, kernel = 5, activation = SIGMOID) Layer c3;
        @AvgPool2D(2) Layer s4;
        @Dense(units = 120, activation = SIGMOID) Layer f5;
        @Dense(units = 84, activation = SIGMOID) Layer f6;
        @Dense(units = 10, activation = SOFTMAX) Layer output;
      }
      """;

  /** {@link #PLAIN} with {@code labels}, as the example project declares it. */
  public static final String LABELLED = PLAIN.replace("@Input(channels = 1, height = 28, width = 28))",
      "@Input(channels = 1, height = 28, width = 28), labels = {\"T-shirt/top\", \"Trouser\",\n"
          + "    \"Pullover\", \"Dress\", \"Coat\", \"Sandal\", \"Shirt\", \"Sneaker\", \"Bag\", \"Ankle boot\"})");

  private LeNet5Source() {}
}
