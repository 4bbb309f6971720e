package dev.fovea.processor.write;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fovea.processor.model.NetworkSpec;
import dev.fovea.processor.testing.Generated;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generated code says what it means: no loop of one iteration ({@code c < 1}), no multiplication by one
 * ({@code oy * 1}), no addition or subtraction of zero, and parameter offsets by name ({@code C3_WEIGHT + ...},
 * never a literal {@code params[156 + ...]}), on every case of {@code NetworkCases} and both backends.
 */
class TrivialCodeTest {
  /** Each pattern, with what it catches. */
  static final Map<String, Pattern> TRIVIAL = Map.of(
      "a loop of one iteration", Pattern.compile("for \\(int (\\w+) = 0; \\1 < 1;"),
      "a multiplication by one", Pattern.compile("(?<![\\w.])\\* 1(?![\\w.])|(?<![\\w.])1 \\*(?![\\w.])"),
      "an addition or subtraction of zero", Pattern.compile("(?<![\\w.])[+-] 0(?![\\w.])|\\[0 \\+ "),
      "a literal parameter offset", Pattern.compile("\\b(params|grads)\\[\\d"));

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.fovea.processor.testing.NetworkCases#allBackends")
  void generatedCodeHasNoTrivialArithmetic(String name, NetworkSpec spec, Backend backend) {
    String source = Generated.source(Generated.plan(spec), Precision.FLOAT, backend);
    List<String> found = new ArrayList<>();
    String[] lines = source.split("\n");
    for (int i = 0; i < lines.length; i++) {
      for (Map.Entry<String, Pattern> e : TRIVIAL.entrySet()) {
        Matcher m = e.getValue().matcher(lines[i]);
        if (m.find() && !lines[i].trim().startsWith("*") && !lines[i].trim().startsWith("//")) {
          found.add(e.getKey() + " at line " + (i + 1) + ": " + lines[i].trim());
        }
      }
    }
    assertEquals(List.of(), found, name);
  }
}
