package dev.fovea.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Minimal JSON reader and writer for safetensors headers and metadata files (the runtime takes no dependencies). */
public final class Json {

  /** Malformed input; the message says what was expected and at which character. */
  public static final class ParseException extends Exception {
    private static final long serialVersionUID = 1L;

    ParseException(String message) {
      super(message);
    }
  }

  // Headers are tiny and flat; a depth limit keeps a hostile file from overflowing the stack.
  private static final int MAX_DEPTH = 64;

  private final String text;
  private int pos;

  private Json(String text) {
    this.text = text;
  }

  /**
   * Parses one JSON value followed only by whitespace. Objects become {@link LinkedHashMap} (key
   * order kept, duplicate keys rejected), arrays {@link List}, integers {@link Long}, other numbers
   * {@link Double}, plus {@link String}, {@link Boolean} and null.
   */
  public static Object parse(String text) throws ParseException {
    Json p = new Json(text);
    p.skipWhitespace();
    Object value = p.value(0);
    p.skipWhitespace();
    if (p.pos != text.length()) {
      throw p.error("unexpected " + p.describe() + " after the top-level value");
    }
    return value;
  }

  /** {@code s} as a JSON string literal. */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /**
   * {@code value} as indented JSON: a {@link Map} with string keys becomes an object (in its iteration
   * order), a {@link List} an array (on one line when it holds no object or array), plus strings,
   * finite numbers, booleans and null.
   *
   * @throws IllegalArgumentException for any other type or a number that is not finite
   */
  public static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, "");
    return sb.append('\n').toString();
  }

  private static void write(StringBuilder sb, Object value, String indent) {
    if (value == null || value instanceof Boolean || value instanceof Long || value instanceof Integer) {
      sb.append(value);
    } else if (value instanceof Number n) {
      double d = n.doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("JSON has no " + d);
      }
      sb.append(d);
    } else if (value instanceof String s) {
      sb.append(quote(s));
    } else if (value instanceof Map<?, ?> map) {
      String inner = indent + "  ";
      String sep = "{\n";
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new IllegalArgumentException("JSON object keys are strings, not " + e.getKey());
        }
        sb.append(sep).append(inner).append(quote(key)).append(": ");
        write(sb, e.getValue(), inner);
        sep = ",\n";
      }
      sb.append(map.isEmpty() ? "{}" : "\n" + indent + "}");
    } else if (value instanceof List<?> list) {
      // Rows of numbers (shapes, confusion-matrix rows) read best on one line.
      boolean flat = list.stream().noneMatch(v -> v instanceof Map || v instanceof List);
      String inner = indent + "  ";
      String sep = flat ? "[" : "[\n" + inner;
      for (Object v : list) {
        sb.append(sep);
        write(sb, v, inner);
        sep = flat ? ", " : ",\n" + inner;
      }
      sb.append(list.isEmpty() ? "[]" : flat ? "]" : "\n" + indent + "]");
    } else {
      throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
    }
  }

  private Object value(int depth) throws ParseException {
    if (depth > MAX_DEPTH) {
      throw error("nesting deeper than " + MAX_DEPTH);
    }
    if (pos >= text.length()) {
      throw error("unexpected end of input, expected a value");
    }
    char c = text.charAt(pos);
    return switch (c) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", null);
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          yield number();
        }
        throw error("unexpected " + describe() + ", expected a value");
      }
    };
  }

  private Map<String, Object> object(int depth) throws ParseException {
    pos++;
    Map<String, Object> map = new LinkedHashMap<>();
    skipWhitespace();
    if (peek('}')) {
      pos++;
      return map;
    }
    while (true) {
      skipWhitespace();
      if (!peek('"')) {
        throw error("unexpected " + describe() + ", expected a string key");
      }
      int keyAt = pos;
      String key = string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      Object v = value(depth + 1);
      if (map.containsKey(key)) {
        pos = keyAt;
        throw error("duplicate key " + quote(key));
      }
      map.put(key, v);
      skipWhitespace();
      if (peek(',')) {
        pos++;
      } else if (peek('}')) {
        pos++;
        return map;
      } else {
        throw error("unexpected " + describe() + ", expected ',' or '}'");
      }
    }
  }

  private List<Object> array(int depth) throws ParseException {
    pos++;
    List<Object> list = new ArrayList<>();
    skipWhitespace();
    if (peek(']')) {
      pos++;
      return list;
    }
    while (true) {
      skipWhitespace();
      list.add(value(depth + 1));
      skipWhitespace();
      if (peek(',')) {
        pos++;
      } else if (peek(']')) {
        pos++;
        return list;
      } else {
        throw error("unexpected " + describe() + ", expected ',' or ']'");
      }
    }
  }

  private String string() throws ParseException {
    pos++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(pos++);
      if (c == '"') {
        return sb.toString();
      }
      if (c < 0x20) {
        pos--;
        throw error("control character in string");
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char e = text.charAt(pos++);
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          if (pos + 4 > text.length()) {
            throw error("truncated \\u escape");
          }
          try {
            sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          } catch (NumberFormatException ex) {
            throw error("bad \\u escape");
          }
          pos += 4;
        }
        default -> {
          pos -= 2;
          throw error("bad escape \\" + e);
        }
      }
    }
  }

  private Object number() throws ParseException {
    int start = pos;
    if (peek('-')) {
      pos++;
    }
    int digits = digits();
    if (digits == 0 || (digits > 1 && text.charAt(pos - digits) == '0')) {
      pos = start;
      throw error("malformed number");
    }
    boolean integer = true;
    if (peek('.')) {
      pos++;
      integer = false;
      if (digits() == 0) {
        throw error("malformed number");
      }
    }
    if (peek('e') || peek('E')) {
      pos++;
      integer = false;
      if (peek('+') || peek('-')) {
        pos++;
      }
      if (digits() == 0) {
        throw error("malformed number");
      }
    }
    String token = text.substring(start, pos);
    if (integer) {
      try {
        return Long.parseLong(token);
      } catch (NumberFormatException e) {
        // Beyond a long: keep it as a double so the caller can report the value as out of range.
        return Double.parseDouble(token);
      }
    }
    return Double.parseDouble(token);
  }

  private int digits() {
    int start = pos;
    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      pos++;
    }
    return pos - start;
  }

  private Object literal(String word, Object value) throws ParseException {
    if (!text.startsWith(word, pos)) {
      throw error("unexpected " + describe() + ", expected a value");
    }
    pos += word.length();
    return value;
  }

  private void expect(char c) throws ParseException {
    if (!peek(c)) {
      throw error("unexpected " + describe() + ", expected '" + c + "'");
    }
    pos++;
  }

  private boolean peek(char c) {
    return pos < text.length() && text.charAt(pos) == c;
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private String describe() {
    return pos >= text.length() ? "end of input" : "'" + text.charAt(pos) + "'";
  }

  private ParseException error(String problem) {
    return new ParseException(problem + " at character " + pos);
  }
}
