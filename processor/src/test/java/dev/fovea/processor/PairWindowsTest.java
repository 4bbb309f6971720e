package dev.fovea.processor;

import static dev.fovea.processor.testing.Specs.avgPool;
import static dev.fovea.processor.testing.Specs.input;
import static dev.fovea.processor.testing.Specs.maxPool;
import static dev.fovea.processor.testing.Specs.network;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fovea.processor.model.Shape;
import dev.fovea.processor.testing.Generated;
import dev.fovea.processor.testing.TestNet;
import dev.fovea.processor.write.Backend;
import dev.fovea.processor.write.Precision;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The vector backend's float 2x2 pooling ({@code PairWindows}) against each window computed here: the maximum, and
 * the average as ((a + c) + (b + d)) / 4 for the window [[a, b], [c, d]], bit for bit. The shapes take rows wider
 * than a vector (with an overlapping last one), rows narrower than one (one vector, or value by value near the
 * input's end), odd sides whose last row and column no window reads, and flat passes with scalar tails.
 */
class PairWindowsTest {

  static Stream<Arguments> shapes() {
    return Stream.of(input(1, 4, 4), input(3, 11, 11), input(16, 10, 10), input(6, 28, 28), input(2, 35, 36),
            input(1, 2, 64))
        .flatMap(shape -> Stream.of(Arguments.of(shape, true), Arguments.of(shape, false)));
  }

  @ParameterizedTest(name = "{0}, max {1}")
  @MethodSource("shapes")
  void everyWindowHasItsMaximumOrAverage(Shape in, boolean max) {
    TestNet net = Generated.instantiate(Generated.plan(network(in, max ? maxPool("p", 2) : avgPool("p", 2))),
        Precision.FLOAT, Backend.VECTOR);
    Random random = new Random(in.size());
    double[] input = new double[in.size()];
    for (int i = 0; i < input.length; i++) {
      input[i] = random.nextFloat() * 2 - 1;
    }
    double[] output = net.forward(input);
    int height = in.height() / 2;
    int width = in.width() / 2;
    assertEquals(in.channels() * height * width, output.length);
    for (int c = 0; c < in.channels(); c++) {
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          int corner = (c * in.height() + 2 * y) * in.width() + 2 * x;
          float a = (float) input[corner];
          float b = (float) input[corner + 1];
          float below = (float) input[corner + in.width()];
          float d = (float) input[corner + in.width() + 1];
          float expected = max ? Math.max(Math.max(a, b), Math.max(below, d)) : ((a + below) + (b + d)) / 4;
          int o = (c * height + y) * width + x;
          assertEquals(expected, (float) output[o], 0f, "output " + o + " (channel " + c + ", " + y + ", " + x + ")");
        }
      }
    }
  }
}
