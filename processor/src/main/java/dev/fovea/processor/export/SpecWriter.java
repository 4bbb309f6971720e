package dev.fovea.processor.export;

/** Writes a spec file's {@code key=value} lines in order, under a prefix; values escaped as Properties reads them. */
public final class SpecWriter {
  private final StringBuilder out;
  private final String prefix;

  SpecWriter(StringBuilder out, String prefix) {
    this.out = out;
    this.prefix = prefix;
  }

  /** The keys under {@code prefix + more}. */
  SpecWriter under(String more) {
    return new SpecWriter(out, prefix + more);
  }

  /** Comma-separated numbers, as {@link SpecReader#ints} reads them. */
  public void put(String key, int... values) {
    StringBuilder joined = new StringBuilder();
    for (int v : values) {
      joined.append(joined.length() == 0 ? "" : ",").append(v);
    }
    put(key, joined.toString());
  }

  public void put(String key, boolean value) {
    put(key, String.valueOf(value));
  }

  public void put(String key, String value) {
    out.append(prefix).append(key).append('=');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\f' -> out.append("\\f");
        case ' ' -> out.append(i == 0 ? "\\ " : " "); // a leading blank would be taken for separator space
        default -> {
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('\n');
  }

  /** Comma-separated decimals that read back to the same doubles, as {@link SpecReader#numbers} reads them. */
  public void putNumbers(String key, double... values) {
    StringBuilder joined = new StringBuilder();
    for (double v : values) {
      joined.append(joined.length() == 0 ? "" : ",").append(v);
    }
    put(key, joined.toString());
  }
}
