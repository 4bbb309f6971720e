package dev.fovea.processor.write;

import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeName;
import dev.fovea.processor.model.NetworkPlan;
import dev.fovea.processor.model.ParamPlan;
import dev.fovea.processor.parse.NetworkParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Builds readable index expressions from constant terms, leaving out "* 1" and "+ 0", and names the parameters'
 * offsets in the flat array (C3_WEIGHT rather than 156).
 */
final class Index {
  /** Two layers whose names differ only in case or underscores (convA, conv_a) would share an offset's name. */
  static final String OFFSET_NAME_CLASH =
      "parameters %s and %s would both be named %s in the generated code: rename one of their layers";

  private Index() {}

  /** {@code var * factor}, or just {@code var} when factor is 1, or nothing when it is 0 or var is empty. */
  static String times(String var, int factor) {
    if (factor == 0 || var.isEmpty()) {
      return "";
    }
    return factor == 1 ? var : var + " * " + factor;
  }

  /** {@code term - constant}, leaving out "- 0"; {@code -constant} (or "0") when term is empty. */
  static String minus(String term, int constant) {
    if (term.isEmpty()) {
      return constant == 0 ? "0" : Integer.toString(-constant);
    }
    return constant == 0 ? term : term + " - " + constant;
  }

  /** The sum of the non-empty terms plus a constant, "0" when everything is empty. */
  static String sum(int constant, String... terms) {
    List<String> parts = new ArrayList<>();
    for (String term : terms) {
      if (!term.isEmpty()) {
        parts.add(term);
      }
    }
    if (constant != 0 || parts.isEmpty()) {
      parts.add(Integer.toString(constant));
    }
    return String.join(" + ", parts);
  }

  /**
   * Parameter {@code param}'s offset, plus a constant, plus the non-empty terms: {@code C3_WEIGHT + 5 + co * 150}.
   * The constant follows the name so that javac folds the two into one.
   */
  static String at(ParamPlan param, int constant, String... terms) {
    List<String> parts = new ArrayList<>();
    parts.add(offset(param));
    if (constant != 0) {
      parts.add(Integer.toString(constant));
    }
    for (String term : terms) {
      if (!term.isEmpty()) {
        parts.add(term);
      }
    }
    return String.join(" + ", parts);
  }

  /** The constant naming where a parameter starts: c3.weight is C3_WEIGHT, convBlock.bias CONV_BLOCK_BIAS. */
  static String offset(ParamPlan param) {
    return NetworkParser.constantName(param.name());
  }

  /** {@code private static final int C1_WEIGHT = 0;} and so on, one per parameter of the plan. */
  static List<FieldSpec> offsetConstants(NetworkPlan plan) {
    List<FieldSpec> fields = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (ParamPlan param : plan.params()) {
      String name = offset(param);
      String other = seen.put(name, param.name());
      if (other != null) {
        throw new IllegalStateException(String.format(OFFSET_NAME_CLASH, other, param.name(), name));
      }
      fields.add(FieldSpec.builder(TypeName.INT, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("Where $L $L starts in the parameters.\n", param.name(), param.shape())
          .initializer("$L", param.offset())
          .build());
    }
    return fields;
  }
}
