package dev.fovea.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV reading: label-first rows with or without a header, and one message naming file and line per mistake. */
class CsvReaderTest {

  @TempDir Path dir;

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  @Test
  void readsRowsWithAndWithoutHeader() throws IOException {
    Path plain = write("plain.csv", "1,0,255,51,102\n0, 255 ,0,0,0\r\n\n");
    Path headed = write("headed.csv", "label,pixel1,pixel2,pixel3,pixel4\n1,0,255,51,102\n0,255,0,0,0\n");
    for (Path file : new Path[] {plain, headed}) {
      Dataset d = CsvReader.read(file, "t", 1, 2, 2, 3);
      assertEquals(2, d.size());
      assertArrayEquals(new int[] {1, 0}, d.labels());
      assertArrayEquals(new float[] {0, 1, 0.2f, 0.4f, 1, 0, 0, 0}, d.images());
      assertEquals(3, d.classes());
    }
  }

  @Test
  void growsPastItsFirstBuffer() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      sb.append(i % 3).append(',').append(i % 256).append('\n');
    }
    Dataset d = CsvReader.read(write("long.csv", sb.toString()), "t", 1, 1, 1, 3);
    assertEquals(1000, d.size());
    assertEquals(999 % 256 / 255f, d.images()[999]);
    assertEquals(0, d.labels()[999]);
  }

  @Test
  void sizesItsBufferFromTheRowsReadNotFromTheNetwork() throws IOException {
    // 9 million pixels a sample: reserving 256 rows up front overflowed int (NegativeArraySizeException).
    Path two = write("two.csv", "1,0\n0,255\n");
    DataFileException e = assertThrows(DataFileException.class,
        () -> CsvReader.read(two, "t", 1, 3000, 3000, 3));
    assertEquals(two + ": line 1: 2 values, expected 9000001 (a label and 9000000 pixels)", e.getMessage());
    Path one = write("one.csv", "1,0\n");
    e = assertThrows(DataFileException.class, () -> CsvReader.read(one, "t", 3, 40000, 40000, 3));
    assertEquals(one + ": " + String.format(Locale.ROOT, CsvReader.TOO_LARGE_SAMPLE, 4_800_000_000L), e.getMessage());
  }

  @Test
  void rejectsMalformedFilesNamingFileAndLine() throws IOException {
    assertMessage(write("short.csv", "1,0,0,0,0\n1,0,0,0\n"), "short.csv: line 2: 4 values, expected 5");
    assertMessage(write("long.csv", "1,0,0,0,0,9\n"), "long.csv: line 1: more than 5 values");
    assertMessage(write("label.csv", "h\n7,0,0,0,0\n"), "label.csv: line 2: label \"7\" is not a class in [0, 3)");
    assertMessage(write("pixel.csv", "1,0,0.5,0,0\n"), "pixel.csv: line 1, column 3: \"0.5\" is not a pixel value");
    assertMessage(write("big.csv", "1,0,256,0,0\n"), "line 1, column 3: \"256\" is not a pixel value");
    assertMessage(write("empty.csv", "label,a,b,c,d\n"), "empty.csv: no data rows");
    assertMessage(dir.resolve("absent.csv"), "absent.csv: no such file");
    assertMessage(dir, "is a directory, expected a CSV file");
    assertMessage(Files.write(dir.resolve("binary.csv"), new byte[] {'1', ',', (byte) 0xC3, (byte) 0x28}),
        "binary.csv: not a text file");
  }

  private static void assertMessage(Path file, String expected) {
    DataFileException e = assertThrows(DataFileException.class, () -> CsvReader.read(file, "t", 1, 2, 2, 3));
    if (!e.getMessage().contains(expected)) {
      throw new AssertionError("message \"" + e.getMessage() + "\" lacks \"" + expected + "\"");
    }
  }
}
