package dev.fovea.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Where a training or test set lives: a directory in the MNIST IDX layout, a directory with a training
 * and a test CSV file, a single CSV file (used whole for either part), or image folders ({@link ImageFolder}):
 * {@code train/} and {@code test/} each with one subfolder per class, or the class folders alone (used whole).
 */
public final class DataSource {

  /** Which half of a directory to read. */
  public enum Part {
    /** The training half: {@code train-*} IDX files or the CSV file named {@code train}. */
    TRAIN("train", "train", "training"),
    /** The test half: {@code t10k-*} IDX files or the CSV file named {@code test}. */
    TEST("t10k", "test", "test");

    private final String idxPrefix;
    private final String csvWord;
    private final String noun;

    Part(String idxPrefix, String csvWord, String noun) {
      this.idxPrefix = idxPrefix;
      this.csvWord = csvWord;
      this.noun = noun;
    }
  }

  private DataSource() {}

  /**
   * The files that {@link #load} reads for {@code part}: the IDX images and labels files, or one CSV file.
   *
   * @throws DataFileException naming what is missing
   */
  public static List<Path> files(Path source, Part part) {
    if (Files.isRegularFile(source)) {
      if (!isCsv(source)) {
        throw new DataFileException(source, "expected a .csv file or a directory of IDX or CSV files");
      }
      return List.of(source);
    }
    if (!Files.isDirectory(source)) {
      throw new DataFileException(source, "no such file or directory (expected a directory of IDX or CSV files, "
          + "or a CSV file)");
    }
    String images = part.idxPrefix + "-images-idx3-ubyte";
    if (Files.isRegularFile(source.resolve(images)) || Files.isRegularFile(source.resolve(images + ".gz"))) {
      return List.of(IdxReader.find(source, images), IdxReader.find(source, part.idxPrefix + "-labels-idx1-ubyte"));
    }
    Path csv = source.resolve(part.csvWord + ".csv");
    if (Files.isRegularFile(csv)) {
      return List.of(csv);
    }
    // Downloads name them e.g. fashion-mnist_train.csv or mnist_test.csv.
    List<Path> named = csvFilesNaming(source, part.csvWord);
    if (named.size() == 1) {
      return named;
    }
    Path folders = imageFolders(source, part);
    if (folders != null) {
      return ImageFolder.files(folders);
    }
    String expected = "expected " + images + "[.gz] with " + part.idxPrefix + "-labels-idx1-ubyte[.gz] (IDX), "
        + part.csvWord + ".csv, or " + part.csvWord + "/ with one folder of PNG or JPEG images per class";
    throw new DataFileException(source, named.isEmpty()
        ? "no " + part.noun + " set: " + expected
        : named.size() + " CSV files could be the " + part.noun + " set (" + named + "): " + expected);
  }

  /**
   * Loads {@code part} of {@code source} as images of channels x height x width with labels in [0, classes).
   *
   * @throws DataFileException naming the file for anything missing, malformed or of the wrong shape
   */
  public static Dataset load(Path source, Part part, int channels, int height, int width, int classes) {
    return load(source, part, channels, height, width, classes, List.of());
  }

  /**
   * As {@link #load(Path, Part, int, int, int, int)}; image folders named like one of {@code labels} get that
   * label's index, other folders are numbered in sorted order.
   */
  public static Dataset load(Path source, Part part, int channels, int height, int width, int classes,
      List<String> labels) {
    List<Path> files = files(source, part);
    String name = source.getFileName() + "/" + part.csvWord;
    if (ImageFolder.isImage(files.get(0))) {
      return ImageFolder.read(imageFolders(source, part), name, channels, height, width, classes, labels);
    }
    if (files.size() == 1) {
      return CsvReader.read(files.get(0), name, channels, height, width, classes);
    }
    if (channels != 1) {
      throw new DataFileException(files.get(0), "IDX images have 1 channel but the network takes " + channels);
    }
    return IdxReader.read(name, files.get(0), files.get(1), classes, height, width);
  }

  /**
   * The root of {@code part}'s class folders: {@code source/train} (or {@code test}) when it has class folders,
   * else {@code source} when it has class folders with images; null when neither does.
   */
  public static Path imageFolders(Path source, Part part) {
    Path sub = source.resolve(part.csvWord);
    if (Files.isDirectory(sub) && !ImageFolder.files(sub).isEmpty()) {
      return sub;
    }
    boolean halves = Files.isDirectory(source.resolve("train")) || Files.isDirectory(source.resolve("test"));
    return !halves && !ImageFolder.files(source).isEmpty() ? source : null;
  }

  private static boolean isCsv(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
  }

  private static List<Path> csvFilesNaming(Path dir, String word) {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(f -> Files.isRegularFile(f) && isCsv(f)
              && f.getFileName().toString().toLowerCase(Locale.ROOT).contains(word))
          .sorted().toList();
    } catch (IOException e) {
      throw new DataFileException(dir, "cannot list: " + e, e);
    }
  }
}
