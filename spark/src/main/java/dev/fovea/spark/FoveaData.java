package dev.fovea.spark;

import dev.fovea.runtime.CsvReader;
import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.IdxReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * DataFrames of {@code image} ({@code array<float>}) and {@code label} ({@code int}) rows from the files the
 * runtime reads (IDX, CSV) or from a runtime {@link Dataset}, in the data set's order, with a model's
 * preprocessing applied. The files are read on the driver with the runtime's readers, so they must fit in its
 * memory; for larger collections store images as files and decode them with {@link FoveaImageDecoder}.
 */
public final class FoveaData {

  /** The schema of the rows this class makes. */
  public static final StructType SCHEMA = new StructType()
      .add("image", DataTypes.createArrayType(DataTypes.FloatType, false), false)
      .add("label", DataTypes.IntegerType, false);

  private FoveaData() {}

  /** An IDX image file and its label file (optionally .gz), as MNIST and Fashion-MNIST ship. */
  public static org.apache.spark.sql.Dataset<Row> idx(SparkSession spark, Path images, Path labels, int classes,
      Preprocessing preprocessing, int partitions) {
    IdxReader.Images read = IdxReader.readImages(images);
    int[] classOf = IdxReader.readLabels(labels, classes);
    if (classOf.length != read.count()) {
      throw new IllegalArgumentException(labels + " has " + classOf.length + " labels but " + images + " has "
          + read.count() + " images");
    }
    Dataset data = new Dataset(images.toString(), 1, read.height(), read.width(), read.pixels(), classOf, classes);
    return of(spark, data, preprocessing, partitions);
  }

  /** A CSV file with a label and channels x height x width pixel values (0 to 255) per row. */
  public static org.apache.spark.sql.Dataset<Row> csv(SparkSession spark, Path file, int channels, int height,
      int width, int classes, Preprocessing preprocessing, int partitions) {
    return of(spark, CsvReader.read(file, file.toString(), channels, height, width, classes), preprocessing,
        partitions);
  }

  /** The samples of {@code data} in order, in {@code partitions} contiguous partitions. */
  public static org.apache.spark.sql.Dataset<Row> of(SparkSession spark, Dataset data, Preprocessing preprocessing,
      int partitions) {
    int size = data.imageSize();
    List<Row> rows = new ArrayList<>(data.size());
    for (int i = 0; i < data.size(); i++) {
      float[] image = Arrays.copyOfRange(data.images(), i * size, (i + 1) * size);
      preprocessing.apply(image);
      rows.add(RowFactory.create(image, data.labels()[i]));
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return spark.createDataFrame(sc.parallelize(rows, partitions), SCHEMA);
  }
}
