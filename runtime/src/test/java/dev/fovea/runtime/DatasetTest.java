package dev.fovea.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Dataset slicing and validation of inconsistent arrays. */
class DatasetTest {

  @Test
  void slicesCopySamples() {
    float[] images = new float[4 * 2];
    for (int i = 0; i < images.length; i++) {
      images[i] = i;
    }
    Dataset d = new Dataset("d", 2, 1, 1, images, new int[] {0, 1, 2, 1}, 3);
    assertEquals(4, d.size());
    assertEquals(2, d.imageSize());
    assertEquals(4, d.offset(2));
    Dataset s = d.slice(1, 3);
    assertEquals(2, s.size());
    assertArrayEquals(new float[] {2, 3, 4, 5}, s.images());
    assertArrayEquals(new int[] {1, 2}, s.labels());
    assertEquals("d[1:3]", s.name());
    assertThrows(IndexOutOfBoundsException.class, () -> d.slice(3, 5));
  }

  @Test
  void rejectsInconsistentArrays() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Dataset("d", 1, 2, 2, new float[7], new int[2], 3));
    assertEquals("d: 7 image values for 2 samples of 1x2x2 (expected 8)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new Dataset("d", 1, 1, 1, new float[2], new int[] {0, 3}, 3));
    assertEquals("d: label 3 of sample 1 out of range [0, 3)", e.getMessage());
  }
}
