package dev.fovea.processor.write;

import java.util.ArrayList;
import java.util.List;

/** Builds readable index expressions from constant terms, leaving out "* 1" and "+ 0". */
final class Index {
  private Index() {}

  /** {@code var * factor}, or just {@code var} when factor is 1, or nothing when it is 0. */
  static String times(String var, int factor) {
    if (factor == 0) {
      return "";
    }
    return factor == 1 ? var : var + " * " + factor;
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

}
