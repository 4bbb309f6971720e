package dev.fovea.maven;

import dev.fovea.runtime.Model;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.Parameter;
import org.apache.maven.plugin.descriptor.PluginDescriptor;

/** Fails a goal on a {@code fovea.*} property no goal reads, e.g. the typo {@code -Dfovea.minAcuracy}. */
final class PropertyCheck {
  /** The arguments: the property, where it was set, the closest known name, and every known name. */
  static final String UNKNOWN_PROPERTY = "unknown property %s (%s): did you mean %s? Fovea's properties: %s";

  /** Set in poms by convention (the version of the Fovea artifacts) and read by no goal, yet no mistake. */
  private static final Set<String> CONVENTIONAL = Set.of("fovea.version");

  private PropertyCheck() {}

  /** Every property any goal of the plugin reads, plus the runtime's backend switch. */
  static Set<String> known(PluginDescriptor plugin) {
    Set<String> names = new TreeSet<>();
    names.add(Model.BACKEND_PROPERTY);
    for (MojoDescriptor mojo : plugin.getMojos()) {
      for (Parameter p : mojo.getParameters() == null ? List.<Parameter>of() : mojo.getParameters()) {
        String expression = p.getExpression();
        if (expression != null && expression.startsWith("${fovea.") && expression.endsWith("}")) {
          names.add(expression.substring(2, expression.length() - 1));
        }
      }
    }
    return names;
  }

  /**
   * Checks the command line's properties, then the pom's.
   *
   * @throws MojoFailureException naming the first unknown {@code fovea.*} property and the closest known one
   */
  static void check(Properties commandLine, Properties pom, Set<String> known) throws MojoFailureException {
    Set<String> sorted = new TreeSet<>(known);
    check(commandLine, "on the command line", sorted);
    check(pom, "in the pom", sorted);
  }

  private static void check(Properties properties, String where, Set<String> known) throws MojoFailureException {
    for (String name : new TreeSet<>(properties.stringPropertyNames())) {
      if (name.startsWith("fovea.") && !known.contains(name) && !CONVENTIONAL.contains(name)) {
        throw new MojoFailureException(String.format(UNKNOWN_PROPERTY, name, where, closest(name, known),
            String.join(", ", known)));
      }
    }
  }

  /** The known name with the fewest edits from {@code name}, ignoring case; the first in order on a tie. */
  static String closest(String name, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int d = distance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Levenshtein distance: insertions, deletions and substitutions. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
