package dev.fovea.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the training and test files of an IDX directory, a CSV directory or a single CSV file. */
class DataSourceTest {

  @TempDir Path dir;

  @Test
  void readsBothPartsOfAnIdxDirectory() throws IOException {
    Files.write(dir.resolve("train-images-idx3-ubyte.gz"), IdxReaderTest.gzip(IdxReaderTest.images(3, 2, 2)));
    Files.write(dir.resolve("train-labels-idx1-ubyte"), IdxReaderTest.labels(0, 1, 2));
    Files.write(dir.resolve("t10k-images-idx3-ubyte"), IdxReaderTest.images(1, 2, 2));
    Files.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxReaderTest.labels(1));
    assertEquals(3, DataSource.load(dir, DataSource.Part.TRAIN, 1, 2, 2, 3).size());
    assertEquals(1, DataSource.load(dir, DataSource.Part.TEST, 1, 2, 2, 3).size());
    assertEquals(List.of(dir.resolve("t10k-images-idx3-ubyte"), dir.resolve("t10k-labels-idx1-ubyte")),
        DataSource.files(dir, DataSource.Part.TEST));
    DataFileException shape = assertThrows(DataFileException.class,
        () -> DataSource.load(dir, DataSource.Part.TEST, 1, 3, 3, 3));
    assertTrue(shape.getMessage().contains("images are 2x2, expected 3x3"), shape.getMessage());
    DataFileException channels = assertThrows(DataFileException.class,
        () -> DataSource.load(dir, DataSource.Part.TEST, 3, 2, 2, 3));
    assertTrue(channels.getMessage().contains("IDX images have 1 channel but the network takes 3"));
  }

  @Test
  void findsCsvFilesByExactOrDownloadedName() throws IOException {
    Files.writeString(dir.resolve("train.csv"), "0,1\n1,2\n");
    Files.writeString(dir.resolve("fashion-mnist_test.csv"), "label,p\n1,3\n");
    assertEquals(2, DataSource.load(dir, DataSource.Part.TRAIN, 1, 1, 1, 2).size());
    assertEquals(1, DataSource.load(dir, DataSource.Part.TEST, 1, 1, 1, 2).size());
    Path single = dir.resolve("train.csv");
    assertEquals(List.of(single), DataSource.files(single, DataSource.Part.TEST));
  }

  @Test
  void namesWhatIsMissingOrAmbiguous() throws IOException {
    assertMessage(dir.resolve("nowhere"), "nowhere: no such file or directory");
    assertMessage(dir, "no training set: expected train-images-idx3-ubyte[.gz]");
    Files.writeString(dir.resolve("a_train.csv"), "0,1\n");
    Files.writeString(dir.resolve("b_train.csv"), "0,1\n");
    assertMessage(dir, "2 CSV files could be the training set");
    assertMessage(Files.writeString(dir.resolve("data.txt"), "0,1\n"), "expected a .csv file");
    Files.write(dir.resolve("train-images-idx3-ubyte"), IdxReaderTest.images(1, 1, 1));
    assertMessage(dir, "train-labels-idx1-ubyte: missing");
  }

  private static void assertMessage(Path source, String expected) {
    DataFileException e = assertThrows(DataFileException.class,
        () -> DataSource.load(source, DataSource.Part.TRAIN, 1, 1, 1, 2));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
