package dev.fovea.spark;

import java.util.List;
import java.util.Objects;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * A trained Fovea network as a Spark ML {@link Model}: appends {@code prediction} (the class index, a double as
 * Spark's classifiers write it) and {@code probability} (a vector) to a DataFrame whose {@code image} column holds
 * each image as {@code array<float>} of channels x height x width network inputs. Each task scores its partition
 * with one replica of the generated class over weights broadcast once per model; saved and loaded with
 * {@link MLWritable} / {@link #read()}, the weights inside as safetensors.
 */
public final class FoveaClassificationModel extends Model<FoveaClassificationModel> implements MLWritable {

  private static final long serialVersionUID = 1L;

  private final String uid;
  private final String network;
  private final float[] weights;
  private final Preprocessing preprocessing;
  private final List<String> labels;
  private final Param<String> inputCol;
  private final Param<String> predictionCol;
  private final Param<String> probabilityCol;
  private final Param<String> predictedLabelCol;
  // One broadcast per model and SparkContext, so repeated transforms ship the weights once.
  private transient Broadcast<float[]> broadcast;
  private transient SparkContext broadcastContext;

  /**
   * A model of the generated (or {@code @Network}) class {@code network} with {@code weights} (held, not copied)
   * and the preprocessing its inputs had in training.
   */
  public FoveaClassificationModel(String network, float[] weights, Preprocessing preprocessing) {
    this(Identifiable.randomUID("fovea"), Networks.generatedName(network), weights, preprocessing);
  }

  FoveaClassificationModel(String uid, String network, float[] weights, Preprocessing preprocessing) {
    this.uid = uid;
    this.network = network;
    this.weights = Objects.requireNonNull(weights, "weights");
    this.preprocessing = Objects.requireNonNull(preprocessing, "preprocessing");
    dev.fovea.runtime.Model model = Networks.bind(network, weights);
    this.labels = List.copyOf(model.labels());
    inputCol = new Param<>(this, "inputCol", "the images, array<float> of channels x height x width inputs");
    predictionCol = new Param<>(this, "predictionCol", "the predicted class index (double)");
    probabilityCol = new Param<>(this, "probabilityCol", "the class probabilities (vector)");
    predictedLabelCol = new Param<>(this, "predictedLabelCol",
        "the predicted class's label from the network's labels; empty for none");
    setDefault(inputCol, "image");
    setDefault(predictionCol, "prediction");
    setDefault(probabilityCol, "probability");
    setDefault(predictedLabelCol, "");
  }

  @Override
  public String uid() {
    return uid;
  }

  /** The portable generated class this model binds (each JVM picks its backend). */
  public String network() {
    return network;
  }

  /** The flat parameter array in the generated class's layout (live; do not modify). */
  public float[] weights() {
    return weights;
  }

  /** The preprocessing the inputs had in training, which {@link FoveaImageDecoder} and {@link FoveaData} apply. */
  public Preprocessing preprocessing() {
    return preprocessing;
  }

  /** The network's class labels, index = prediction. */
  public List<String> labels() {
    return labels;
  }

  /** The input column's param. */
  public Param<String> inputCol() {
    return inputCol;
  }

  /** The prediction column's param. */
  public Param<String> predictionCol() {
    return predictionCol;
  }

  /** The probability column's param. */
  public Param<String> probabilityCol() {
    return probabilityCol;
  }

  /** The predicted label's column's param (empty: no such column). */
  public Param<String> predictedLabelCol() {
    return predictedLabelCol;
  }

  /** Sets the input column. */
  public FoveaClassificationModel setInputCol(String value) {
    set(inputCol, value);
    return this;
  }

  /** Sets the prediction column. */
  public FoveaClassificationModel setPredictionCol(String value) {
    set(predictionCol, value);
    return this;
  }

  /** Sets the probability column. */
  public FoveaClassificationModel setProbabilityCol(String value) {
    set(probabilityCol, value);
    return this;
  }

  /** Sets the predicted label's column (empty: none). */
  public FoveaClassificationModel setPredictedLabelCol(String value) {
    set(predictedLabelCol, value);
    return this;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    String in = $(inputCol);
    if (!List.of(schema.fieldNames()).contains(in)) {
      throw new IllegalArgumentException("no input column \"" + in + "\" in " + schema.simpleString());
    }
    DataType type = schema.apply(in).dataType();
    if (!(type instanceof ArrayType array) || !(array.elementType() instanceof org.apache.spark.sql.types.NumericType)) {
      throw new IllegalArgumentException("input column \"" + in + "\" is " + type.simpleString()
          + ", expected array<float>");
    }
    StructType out = schema.add($(predictionCol), DataTypes.DoubleType, false)
        .add($(probabilityCol), SQLDataTypes.VectorType(), false);
    return $(predictedLabelCol).isEmpty() ? out : out.add($(predictedLabelCol), DataTypes.StringType, false);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    Broadcast<float[]> shared = broadcast(dataset.sparkSession().sparkContext());
    boolean named = !$(predictedLabelCol).isEmpty();
    StructType scores = new StructType().add("prediction", DataTypes.DoubleType, false)
        .add("probability", SQLDataTypes.VectorType(), false);
    if (named) {
      scores = scores.add("label", DataTypes.StringType, false);
    }
    // Non-deterministic in Spark's sense only so that the optimiser never evaluates it twice per row.
    UserDefinedFunction score = functions.udf(new ScoringFunction(network, shared, named ? labels : null), scores)
        .asNondeterministic();
    String all = "__fovea_" + uid;
    Dataset<Row> out = dataset.toDF().withColumn(all, score.apply(functions.col($(inputCol))))
        .withColumn($(predictionCol), functions.col(all + ".prediction"))
        .withColumn($(probabilityCol), functions.col(all + ".probability"));
    if (named) {
      out = out.withColumn($(predictedLabelCol), functions.col(all + ".label"));
    }
    return out.drop(all);
  }

  private synchronized Broadcast<float[]> broadcast(SparkContext sc) {
    if (broadcast == null || broadcastContext != sc) {
      broadcast = JavaSparkContext.fromSparkContext(sc).broadcast(weights);
      broadcastContext = sc;
    }
    return broadcast;
  }

  @Override
  public FoveaClassificationModel copy(ParamMap extra) {
    FoveaClassificationModel copy = new FoveaClassificationModel(uid, network, weights, preprocessing);
    return copyValues(copy, extra).setParent(parent());
  }

  /** A decoder stage for Spark's {@code binaryFile} source, with this model's input shape and preprocessing. */
  public FoveaImageDecoder imageDecoder() {
    dev.fovea.runtime.Model model = Networks.bind(network, weights);
    return new FoveaImageDecoder(model.inputChannels(), model.inputHeight(), model.inputWidth(), preprocessing)
        .setOutputCol($(inputCol));
  }

  @Override
  public MLWriter write() {
    return new MLWriter() {
      @Override
      public void saveImpl(String path) {
        DefaultParamsWriter.saveMetadata(FoveaClassificationModel.this, path, sc(), Option.empty(), Option.empty());
        new StoredModel(network, weights, preprocessing).write(path + "/data", sc().hadoopConfiguration());
      }
    };
  }

  @Override
  public void save(String path) throws java.io.IOException {
    write().save(path);
  }

  /** The reader {@code Pipeline.load} and {@code PipelineModel.load} call through reflection. */
  public static MLReader<FoveaClassificationModel> read() {
    return new MLReader<>() {
      @Override
      public FoveaClassificationModel load(String path) {
        DefaultParamsReader.Metadata metadata =
            DefaultParamsReader.loadMetadata(path, sc(), FoveaClassificationModel.class.getName());
        StoredModel stored = StoredModel.read(path + "/data", sc().hadoopConfiguration());
        FoveaClassificationModel model =
            new FoveaClassificationModel(metadata.uid(), stored.network(), stored.weights(), stored.preprocessing());
        metadata.getAndSetParams(model, Option.empty());
        return model;
      }
    };
  }

  /** Loads a model saved with {@link #write()}. */
  public static FoveaClassificationModel load(String path) {
    return read().load(path);
  }
}
