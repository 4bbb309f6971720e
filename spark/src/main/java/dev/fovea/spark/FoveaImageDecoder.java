package dev.fovea.spark;

import dev.fovea.runtime.ImageFolder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Decodes the PNG and JPEG files of Spark's {@code binaryFile} source ({@code path}, {@code content}, ...) into
 * the {@code image} column a {@link FoveaClassificationModel} reads, exactly as the runtime decodes an image
 * folder (scale, colour, bilinear resize; docs/preprocessing.md) and then inverts and standardises as the model's
 * training did. Every setting is a param, so the stage saves and loads with Spark's default params format.
 */
public final class FoveaImageDecoder extends Transformer implements DefaultParamsWritable {

  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Param<String> inputCol;
  private final Param<String> pathCol;
  private final Param<String> outputCol;
  private final IntParam channels;
  private final IntParam height;
  private final IntParam width;
  private final BooleanParam invert;
  private final DoubleParam mean;
  private final DoubleParam std;

  /** The constructor Spark's reader calls with a saved uid. */
  public FoveaImageDecoder(String uid) {
    this.uid = uid;
    inputCol = new Param<>(this, "inputCol", "the encoded image bytes (binary)");
    pathCol = new Param<>(this, "pathCol", "the file names for error messages");
    outputCol = new Param<>(this, "outputCol", "the decoded network input (array<float>)");
    channels = new IntParam(this, "channels", "the network's input channels, 1 or 3");
    height = new IntParam(this, "height", "the network's input height");
    width = new IntParam(this, "width", "the network's input width");
    invert = new BooleanParam(this, "invert", "whether v becomes 1 - v after scaling");
    mean = new DoubleParam(this, "mean", "the standardisation's mean, NaN for none");
    std = new DoubleParam(this, "std", "the standardisation's std, NaN for none");
    setDefault(inputCol, "content");
    setDefault(pathCol, "path");
    setDefault(outputCol, "image");
    setDefault(invert, false);
    setDefault(mean, Double.NaN);
    setDefault(std, Double.NaN);
  }

  /** A decoder to channels x height x width inputs with {@code preprocessing} applied after scaling. */
  public FoveaImageDecoder(int channels, int height, int width, Preprocessing preprocessing) {
    this(Identifiable.randomUID("foveaImageDecoder"));
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("images decode to 1 (grey) or 3 (RGB) channels, not " + channels);
    }
    set(this.channels, channels);
    set(this.height, height);
    set(this.width, width);
    set(invert, preprocessing.invert());
    set(mean, preprocessing.mean());
    set(std, preprocessing.std());
  }

  @Override
  public String uid() {
    return uid;
  }

  /** The binary column's param. */
  public Param<String> inputCol() {
    return inputCol;
  }

  /** The path column's param. */
  public Param<String> pathCol() {
    return pathCol;
  }

  /** The output column's param. */
  public Param<String> outputCol() {
    return outputCol;
  }

  /** The channels param. */
  public IntParam channels() {
    return channels;
  }

  /** The height param. */
  public IntParam height() {
    return height;
  }

  /** The width param. */
  public IntParam width() {
    return width;
  }

  /** The inversion param. */
  public BooleanParam invert() {
    return invert;
  }

  /** The standardisation mean's param. */
  public DoubleParam mean() {
    return mean;
  }

  /** The standardisation std's param. */
  public DoubleParam std() {
    return std;
  }

  /** Sets the output column. */
  public FoveaImageDecoder setOutputCol(String value) {
    set(outputCol, value);
    return this;
  }

  /** The preprocessing this decoder applies after scaling. */
  public Preprocessing preprocessing() {
    return new Preprocessing((Boolean) $(invert), (Double) $(mean), (Double) $(std));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    for (String column : List.of($(inputCol), $(pathCol))) {
      if (!List.of(schema.fieldNames()).contains(column)) {
        throw new IllegalArgumentException("no column \"" + column + "\" in " + schema.simpleString()
            + ": read images with spark.read().format(\"binaryFile\")");
      }
    }
    if (!schema.apply($(inputCol)).dataType().equals(DataTypes.BinaryType)) {
      throw new IllegalArgumentException("column \"" + $(inputCol) + "\" is not binary");
    }
    return schema.add($(outputCol), DataTypes.createArrayType(DataTypes.FloatType, false), false);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema());
    int content = dataset.schema().fieldIndex($(inputCol));
    int path = dataset.schema().fieldIndex($(pathCol));
    int c = (Integer) $(channels);
    int h = (Integer) $(height);
    int w = (Integer) $(width);
    Preprocessing steps = preprocessing();
    return dataset.toDF().mapPartitions((MapPartitionsFunction<Row, Row>) rows -> new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Row next() {
        Row row = rows.next();
        float[] image = ImageFolder.decode((byte[]) row.get(content), String.valueOf(row.get(path)), c, h, w);
        steps.apply(image);
        List<Object> values = new ArrayList<>(row.size() + 1);
        for (int i = 0; i < row.size(); i++) {
          values.add(row.get(i));
        }
        values.add(image);
        return RowFactory.create(values.toArray());
      }
    }, Encoders.row(out));
  }

  @Override
  public FoveaImageDecoder copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /** The reader {@code PipelineModel.load} calls through reflection. */
  public static MLReader<FoveaImageDecoder> read() {
    return new DefaultParamsReader<>();
  }

  /** Loads a decoder saved with {@link #write()}. */
  public static FoveaImageDecoder load(String path) {
    return read().load(path);
  }
}
