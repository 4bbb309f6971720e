package dev.fovea.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON writing round-trips through the parser; atomic writes replace a file whole. */
class JsonTest {

  @TempDir Path dir;

  @Test
  void writesWhatItParses() throws Json.ParseException {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("name", "Le\"Net\n5");
    value.put("shape", List.of(1L, 28L, 28L));
    value.put("mean", 0.2860);
    value.put("ok", true);
    value.put("none", null);
    value.put("rows", List.of(List.of(1L, 2L), List.of()));
    value.put("empty", Map.of());
    String text = Json.write(value);
    assertEquals(value, Json.parse(text));
    assertEquals("[1, 28, 28]", Json.write(List.of(1, 28, 28)).strip());
  }

  @Test
  void rejectsWhatJsonCannotHold() {
    assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> Json.write(new int[] {1}));
    assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, 2)));
  }

  @Test
  void atomicWriteReplacesAndLeavesNoTemporaryFile() throws IOException {
    Path file = dir.resolve("m.json");
    AtomicFiles.write(file, "old".getBytes());
    AtomicFiles.write(file, "new".getBytes());
    assertEquals("new", Files.readString(file));
    try (var list = Files.list(dir)) {
      assertEquals(List.of(file), list.toList());
    }
    DataFileException e = assertThrows(DataFileException.class,
        () -> AtomicFiles.write(dir.resolve("no/such/dir.json"), new byte[0]));
    assertEquals(dir.resolve("no/such/dir.json") + ": cannot write: directory " + dir.resolve("no/such")
        + " does not exist", e.getMessage());
  }
}
