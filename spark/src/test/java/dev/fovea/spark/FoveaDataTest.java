package dev.fovea.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fovea.runtime.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX and CSV files become image/label rows in file order, with the preprocessing applied. */
class FoveaDataTest {

  @TempDir
  Path dir;

  @Test
  void csvRowsAreScaledThenPreprocessed() throws Exception {
    Path csv = dir.resolve("tiny.csv");
    Files.writeString(csv, "label,p1,p2,p3,p4\n1,0,51,255,102\n0,255,0,0,0\n");
    List<Row> rows = FoveaData.csv(LocalSpark.session(), csv, 1, 2, 2, 2, new Preprocessing(true, Double.NaN,
        Double.NaN), 2).collectAsList();
    assertEquals(2, rows.size());
    assertEquals(1, rows.get(0).getInt(1));
    assertEquals(0, rows.get(1).getInt(1));
    assertArrayEquals(new float[] {1f - 0f, 1f - 51 / 255f, 1f - 1f, 1f - 102 / 255f}, floats(rows.get(0)));
    assertArrayEquals(new float[] {0f, 1f, 1f, 1f}, floats(rows.get(1)));
  }

  @Test
  void idxFilesGiveTheRuntimesSamplesInOrder() {
    Path slice = LocalSpark.SLICE;
    List<Row> rows = FoveaData.idx(LocalSpark.session(), slice.resolve("t10k-images-idx3-ubyte.gz"),
        slice.resolve("t10k-labels-idx1-ubyte.gz"), 10, Preprocessing.NONE, 3).collectAsList();
    Dataset test = LocalSpark.slice().test();
    assertEquals(test.size(), rows.size());
    for (int i : new int[] {0, 1, 499, test.size() - 1}) {
      assertEquals(test.labels()[i], rows.get(i).getInt(1));
      float[] expected = java.util.Arrays.copyOfRange(test.images(), test.offset(i), test.offset(i + 1));
      assertArrayEquals(expected, floats(rows.get(i)));
    }
  }

  private static float[] floats(Row row) {
    List<Float> values = row.getList(0);
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }
}
