package dev.fovea.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads labelled images from CSV in the layout used for MNIST-style data: one sample a line, the label
 * first, then the C x H x W pixel values as integers 0-255 (scaled to [0, 1]); an optional header line.
 */
public final class CsvReader {

  // Data larger than this cannot be held in one Java array (the VM reserves a few header words).
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

  /** Floats reserved before the first row is read (4 MB). */
  private static final int INITIAL_FLOATS = 1 << 20;

  /** A sample of more pixels than one Java array holds; the argument is the pixel count. */
  public static final String TOO_LARGE_SAMPLE =
      "the network's input has %,d values a sample, more than one Java array holds";

  /** More rows than one Java array holds; the arguments are the row limit and the pixels a row. */
  public static final String TOO_MANY_ROWS =
      "more than %,d rows of %,d pixels, more than one Java array holds: split the data";

  private CsvReader() {}

  /**
   * Reads {@code file}; every row must hold a label in [0, classes) and exactly channels x height x
   * width pixel values. A first line that does not start with a number is taken as a header.
   *
   * @throws DataFileException naming the file and the line for anything missing or malformed
   */
  public static Dataset read(Path file, String name, int channels, int height, int width, int classes) {
    if (Files.isDirectory(file)) {
      throw new DataFileException(file, "is a directory, expected a CSV file");
    }
    long samplePixels = (long) channels * height * width;
    if (samplePixels > MAX_ARRAY) {
      throw new DataFileException(file, String.format(Locale.ROOT, TOO_LARGE_SAMPLE, samplePixels));
    }
    int pixels = (int) samplePixels;
    int maxRows = MAX_ARRAY / pixels;
    // Sized by rows read, not by the network: a large input must not reserve room for rows the file lacks.
    int capacity = Math.min(maxRows, Math.max(1, Math.min(256, INITIAL_FLOATS / pixels)));
    float[] images = new float[capacity * pixels];
    int[] labels = new int[capacity];
    int rows = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lineNumber = 0;
      while ((line = in.readLine()) != null) {
        lineNumber++;
        if (line.isBlank() || (lineNumber == 1 && isHeader(line))) {
          continue;
        }
        if (rows == labels.length) {
          if (rows == maxRows) {
            throw new DataFileException(file, String.format(Locale.ROOT, TOO_MANY_ROWS, maxRows, pixels));
          }
          int grown = (int) Math.min(maxRows, 2L * rows);
          labels = Arrays.copyOf(labels, grown);
          images = Arrays.copyOf(images, grown * pixels);
        }
        labels[rows] = parseRow(file, lineNumber, line, images, rows * pixels, pixels, classes);
        rows++;
      }
    } catch (NoSuchFileException e) {
      throw new DataFileException(file, "no such file", e);
    } catch (CharacterCodingException e) {
      throw new DataFileException(file, "not a text file (invalid UTF-8)", e);
    } catch (IOException e) {
      throw new DataFileException(file, "cannot read: " + e, e);
    }
    if (rows == 0) {
      throw new DataFileException(file, "no data rows (expected a label and " + pixels + " pixel values a line)");
    }
    return new Dataset(name, channels, height, width, Arrays.copyOf(images, rows * pixels),
        Arrays.copyOf(labels, rows), classes);
  }

  private static boolean isHeader(String line) {
    char c = line.strip().charAt(0);
    return !(c >= '0' && c <= '9') && c != '-' && c != '+';
  }

  /** Parses one row into {@code images} from {@code at}; returns its label. */
  private static int parseRow(
      Path file, int lineNumber, String line, float[] images, int at, int pixels, int classes) {
    int pos = 0;
    int column = 0;
    int label = -1;
    int n = line.length();
    while (pos <= n) {
      int end = line.indexOf(',', pos);
      if (end < 0) {
        end = n;
      }
      column++;
      if (column > pixels + 1) {
        throw new DataFileException(file, "line " + lineNumber + ": more than " + (pixels + 1)
            + " values (a label and " + pixels + " pixels)");
      }
      int value = parseInt(line, pos, end);
      if (column == 1) {
        if (value < 0 || value >= classes) {
          throw new DataFileException(file, "line " + lineNumber + ": label \"" + line.substring(pos, end).strip()
              + "\" is not a class in [0, " + classes + ")");
        }
        label = value;
      } else {
        if (value < 0 || value > 255) {
          throw new DataFileException(file, "line " + lineNumber + ", column " + column + ": \""
              + line.substring(pos, end).strip() + "\" is not a pixel value (an integer 0-255)");
        }
        images[at + column - 2] = value / 255f;
      }
      pos = end + 1;
    }
    if (column != pixels + 1) {
      throw new DataFileException(file, "line " + lineNumber + ": " + column + " values, expected "
          + (pixels + 1) + " (a label and " + pixels + " pixels)");
    }
    return label;
  }

  /** The decimal integer in {@code s[from, to)} (surrounding spaces allowed), or -1 if there is none. */
  private static int parseInt(String s, int from, int to) {
    while (from < to && s.charAt(from) == ' ') {
      from++;
    }
    while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\r')) {
      to--;
    }
    if (from == to || to - from > 9) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
