package dev.fovea.runtime;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A labelled image set as Keras' {@code image_dataset_from_directory} reads it: one subfolder per class, PNG and
 * JPEG files in it (at any depth). Every image is decoded with {@code javax.imageio}, scaled to [0, 1] (sample /
 * its maximum, e.g. 255), converted to the network's channels (grey to RGB by copying; RGB to grey by ITU-R 601
 * luma, 0.299 R + 0.587 G + 0.114 B, as PIL's {@code convert("L")}; alpha ignored), and resized bilinearly with
 * half-pixel centres and no antialiasing (OpenCV's INTER_LINEAR) when its size differs from the network's.
 */
public final class ImageFolder {

  /** What the colour conversion to one channel is called in the metadata. */
  public static final String GRAYSCALE = "grayscale (ITU-R 601 luma)";
  /** The resize method's name in the metadata. */
  public static final String RESIZE = "bilinear (half-pixel centres, no antialiasing)";
  /** Larger declared images are refused before they are decoded. */
  static final long MAX_PIXELS = 50_000_000;

  private ImageFolder() {}

  /** Whether {@code file}'s name ends in .png, .jpg or .jpeg. */
  public static boolean isImage(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg");
  }

  /** The class subfolders of {@code dir}, sorted by name (hidden ones skipped). */
  public static List<Path> classFolders(Path dir) {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith(".")).sorted().toList();
    } catch (IOException e) {
      throw new DataFileException(dir, "cannot list: " + e, e);
    }
  }

  /** The image files of {@code dir}'s class folders, class by class, each sorted by path. */
  public static List<Path> files(Path dir) {
    List<Path> files = new ArrayList<>();
    for (Path folder : classFolders(dir)) {
      files.addAll(images(folder));
    }
    return files;
  }

  /**
   * Reads {@code dir} as images of channels x height x width. A folder named like one of {@code labels} gets that
   * label's index; otherwise folders are numbered in sorted order.
   *
   * @throws DataFileException naming the folder or file that is empty, unreadable or not an image
   */
  public static Dataset read(Path dir, String name, int channels, int height, int width, int classes,
      List<String> labels) {
    if (channels != 1 && channels != 3) {
      throw new DataFileException(dir, "images become 1 (grey) or 3 (RGB) channels, but the network takes "
          + channels);
    }
    List<Path> folders = classFolders(dir);
    if (folders.isEmpty()) {
      throw new DataFileException(dir, "no class subfolders (expected one folder of PNG or JPEG images per class)");
    }
    if (folders.size() > classes) {
      throw new DataFileException(dir, folders.size() + " class folders but the network has " + classes + " outputs");
    }
    boolean byName = folders.stream().allMatch(f -> labels.contains(f.getFileName().toString()));
    List<float[]> images = new ArrayList<>();
    List<Integer> classOf = new ArrayList<>();
    for (int c = 0; c < folders.size(); c++) {
      Path folder = folders.get(c);
      List<Path> files = images(folder);
      if (files.isEmpty()) {
        throw new DataFileException(folder, "class folder without PNG or JPEG images");
      }
      int label = byName ? labels.indexOf(folder.getFileName().toString()) : c;
      for (Path f : files) {
        images.add(decode(f, channels, height, width));
        classOf.add(label);
      }
    }
    int size = channels * height * width;
    if ((long) images.size() * size > Integer.MAX_VALUE - 16) {
      throw new DataFileException(dir, images.size() + " images of " + size + " values do not fit in one array");
    }
    float[] all = new float[images.size() * size];
    int[] allLabels = new int[images.size()];
    for (int i = 0; i < images.size(); i++) {
      System.arraycopy(images.get(i), 0, all, i * size, size);
      allLabels[i] = classOf.get(i);
    }
    return new Dataset(name, channels, height, width, all, allLabels, classes);
  }

  /** One image as channels x height x width floats in [0, 1]. */
  static float[] decode(Path file, int channels, int height, int width) {
    return pixels(load(file.toFile(), (problem, cause) -> new DataFileException(file, problem, cause)), channels,
        height, width);
  }

  /**
   * One encoded PNG or JPEG image that is not a file (a row of Spark's {@code binaryFile} source, an upload) as
   * channels x height x width floats in [0, 1], decoded exactly as {@link #read} decodes each file.
   *
   * @param source what messages call the bytes, e.g. the file's URI
   * @throws DataFileException naming {@code source} when the bytes are not an image javax.imageio can read
   */
  public static float[] decode(byte[] encoded, String source, int channels, int height, int width) {
    return pixels(load(new ByteArrayInputStream(encoded), (problem, cause) -> new DataFileException(source, problem,
        cause)), channels, height, width);
  }

  private static float[] pixels(BufferedImage image, int channels, int height, int width) {
    int h = image.getHeight();
    int w = image.getWidth();
    Raster raster = image.getRaster();
    boolean grey = image.getColorModel() instanceof ComponentColorModel cm
        && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    float[] source = new float[channels * h * w];
    int plane = h * w;
    double max = grey ? (1L << image.getColorModel().getComponentSize(0)) - 1 : 255;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        if (grey) {
          // The samples as stored: a grey (+alpha) image is not sent through sRGB conversion.
          float v = (float) (raster.getSample(x, y, 0) / max);
          for (int c = 0; c < channels; c++) {
            source[c * plane + i] = v;
          }
          continue;
        }
        int rgb = image.getRGB(x, y);
        float r = ((rgb >> 16) & 0xFF) / 255f;
        float g = ((rgb >> 8) & 0xFF) / 255f;
        float b = (rgb & 0xFF) / 255f;
        if (channels == 1) {
          source[i] = (float) (0.299 * r + 0.587 * g + 0.114 * b);
        } else {
          source[i] = r;
          source[plane + i] = g;
          source[2 * plane + i] = b;
        }
      }
    }
    return h == height && w == width ? source : resize(source, channels, h, w, height, width);
  }

  /** Bilinear resampling with half-pixel centres: output pixel centre (y + 0.5) * h / height - 0.5, clamped. */
  static float[] resize(float[] in, int channels, int h, int w, int height, int width) {
    float[] out = new float[channels * height * width];
    for (int y = 0; y < height; y++) {
      double sy = Math.min(Math.max((y + 0.5) * h / height - 0.5, 0), h - 1);
      int y0 = (int) sy;
      int y1 = Math.min(y0 + 1, h - 1);
      double fy = sy - y0;
      for (int x = 0; x < width; x++) {
        double sx = Math.min(Math.max((x + 0.5) * w / width - 0.5, 0), w - 1);
        int x0 = (int) sx;
        int x1 = Math.min(x0 + 1, w - 1);
        double fx = sx - x0;
        for (int c = 0; c < channels; c++) {
          int p = c * h * w;
          double top = in[p + y0 * w + x0] * (1 - fx) + in[p + y0 * w + x1] * fx;
          double bottom = in[p + y1 * w + x0] * (1 - fx) + in[p + y1 * w + x1] * fx;
          out[c * height * width + y * width + x] = (float) (top * (1 - fy) + bottom * fy);
        }
      }
    }
    return out;
  }

  // The header's dimensions are checked before decoding, so a tiny file declaring a huge image fails at once.
  private static BufferedImage load(Object input, Failure failure) {
    try (ImageInputStream in = ImageIO.createImageInputStream(input)) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw failure.of("not a PNG or JPEG image javax.imageio can read", null);
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
        if (pixels > MAX_PIXELS) {
          throw failure.of("declares " + reader.getWidth(0) + "x" + reader.getHeight(0)
              + " pixels, more than the limit of " + MAX_PIXELS, null);
        }
        return reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof DataFileException d) {
        throw d;
      }
      throw failure.of("cannot decode image: " + e.getMessage(), e);
    }
  }

  /** The exception for a file or for bytes that came from elsewhere. */
  private interface Failure {
    DataFileException of(String problem, Throwable cause);
  }

  private static List<Path> images(Path folder) {
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(p -> Files.isRegularFile(p) && isImage(p)).sorted().toList();
    } catch (IOException e) {
      throw new DataFileException(folder, "cannot list: " + e, e);
    }
  }
}
