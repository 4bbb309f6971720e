package dev.fovea.processor.fuzz;

/** One random class: its name, its source, and whether it was written with a mistake. */
public record FuzzCase(String name, String source, boolean broken) {

  /** Class {@code name} in package {@code fuzz}, drawn from {@code seed}. */
  public static FuzzCase of(String name, long seed) {
    RandomNetworks.Written written = RandomNetworks.write(name, seed);
    return new FuzzCase(name, written.source(), written.broken());
  }

  /** Line {@code number} of the source, counting from 1. */
  public String line(long number) {
    String[] lines = source.split("\n", -1);
    return number >= 1 && number <= lines.length ? lines[(int) number - 1] : "";
  }
}
