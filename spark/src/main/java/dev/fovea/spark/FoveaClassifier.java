package dev.fovea.spark;

import dev.fovea.runtime.Augmentation;
import dev.fovea.runtime.Initializer;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.Optimizers;
import dev.fovea.runtime.Trainer;
import dev.fovea.runtime.TrainingOptions;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Trains a Fovea network as a Spark ML {@link Estimator} with synchronous data parallelism: for the same seed, row
 * order and batch size the weights equal the runtime Trainer's bit for bit on any number of tasks. Reads an
 * {@code image} column ({@code array<float>}) and an integer {@code label} column; the weights start from the
 * runtime's seeded initialisation with {@code seed}.
 */
public final class FoveaClassifier extends Estimator<FoveaClassificationModel> implements DefaultParamsWritable {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(FoveaClassifier.class);

  private final String uid;
  private final Param<String> network;
  private final Param<String> inputCol;
  private final Param<String> labelCol;
  private final IntParam epochs;
  private final IntParam batchSize;
  private final LongParam seed;
  private final Param<String> optimizer;
  private final DoubleParam learningRate;
  private final IntParam numTasks;
  private final DoubleParam labelSmoothing;
  private final DoubleParam clipNorm;
  private final DoubleParam weightDecay;
  private final Param<String> checkpointPath;
  private final IntParam checkpointEverySteps;

  /** A classifier with a random uid. */
  public FoveaClassifier() {
    this(Identifiable.randomUID("foveaClassifier"));
  }

  /** The constructor Spark's reader calls with a saved uid. */
  public FoveaClassifier(String uid) {
    this.uid = uid;
    network = new Param<>(this, "network", "the @Network class (or its generated class), fully qualified");
    inputCol = new Param<>(this, "inputCol", "the images, array<float> of channels x height x width inputs");
    labelCol = new Param<>(this, "labelCol", "the class index of each image (integer)");
    epochs = new IntParam(this, "epochs", "passes over the data (> 0)");
    batchSize = new IntParam(this, "batchSize", "the global mini-batch (> 0)");
    seed = new LongParam(this, "seed", "seeds the initial weights and every epoch's shuffle");
    optimizer = new Param<>(this, "optimizer", "one of " + Optimizers.NAMES);
    learningRate = new DoubleParam(this, "learningRate", "the step size; 0 takes the optimiser's Keras default");
    numTasks = new IntParam(this, "numTasks", "Spark tasks per step, at most " + Trainer.MAX_SHARDS
        + " are useful (a batch has that many shards); 0 takes min(" + Trainer.MAX_SHARDS + ", defaultParallelism), "
        + "and for batch normalisation no more than the cluster's task slots (a barrier stage runs its tasks at once)");
    labelSmoothing = new DoubleParam(this, "labelSmoothing", "the runtime's label smoothing, 0 for none");
    clipNorm = new DoubleParam(this, "clipNorm", "the gradient's global norm limit, 0 for none");
    weightDecay = new DoubleParam(this, "weightDecay", "decoupled (AdamW-style) weight decay, 0 for none");
    checkpointPath = new Param<>(this, "checkpointPath", "a checkpoint file on any Hadoop file system, written "
        + "during training and resumed from when it exists for the same network, data and settings; empty for none");
    checkpointEverySteps = new IntParam(this, "checkpointEverySteps", "steps between checkpoints (and every epoch)");
    setDefault(checkpointPath, "");
    setDefault(checkpointEverySteps, 100);
    setDefault(inputCol, "image");
    setDefault(labelCol, "label");
    setDefault(epochs, 1);
    setDefault(batchSize, 32);
    setDefault(seed, 42L);
    setDefault(optimizer, "adam");
    setDefault(learningRate, 0.0);
    setDefault(numTasks, 0);
    setDefault(labelSmoothing, 0.0);
    setDefault(clipNorm, 0.0);
    setDefault(weightDecay, 0.0);
  }

  @Override
  public String uid() {
    return uid;
  }

  /** The network param. */
  public Param<String> network() {
    return network;
  }

  /** The input column's param. */
  public Param<String> inputCol() {
    return inputCol;
  }

  /** The label column's param. */
  public Param<String> labelCol() {
    return labelCol;
  }

  /** The epochs param. */
  public IntParam epochs() {
    return epochs;
  }

  /** The batch size param. */
  public IntParam batchSize() {
    return batchSize;
  }

  /** The seed param. */
  public LongParam seed() {
    return seed;
  }

  /** The optimiser's name param. */
  public Param<String> optimizer() {
    return optimizer;
  }

  /** The learning rate param. */
  public DoubleParam learningRate() {
    return learningRate;
  }

  /** The tasks-per-step param. */
  public IntParam numTasks() {
    return numTasks;
  }

  /** The label smoothing param. */
  public DoubleParam labelSmoothing() {
    return labelSmoothing;
  }

  /** The clip norm param. */
  public DoubleParam clipNorm() {
    return clipNorm;
  }

  /** The weight decay param. */
  public DoubleParam weightDecay() {
    return weightDecay;
  }

  /** The checkpoint file's param. */
  public Param<String> checkpointPath() {
    return checkpointPath;
  }

  /** The checkpoint period's param. */
  public IntParam checkpointEverySteps() {
    return checkpointEverySteps;
  }

  /** Sets the checkpoint file (empty: none) and the steps between checkpoints. */
  public FoveaClassifier setCheckpoints(String path, int everySteps) {
    set(checkpointPath, path);
    set(checkpointEverySteps, everySteps);
    return this;
  }

  /** Sets the network: a {@code @Network} class or its generated class. */
  public FoveaClassifier setNetwork(Class<?> value) {
    return setNetwork(value.getName());
  }

  /** Sets the network by class name. */
  public FoveaClassifier setNetwork(String value) {
    set(network, value);
    return this;
  }

  /** Sets the input column. */
  public FoveaClassifier setInputCol(String value) {
    set(inputCol, value);
    return this;
  }

  /** Sets the label column. */
  public FoveaClassifier setLabelCol(String value) {
    set(labelCol, value);
    return this;
  }

  /** Sets the epochs. */
  public FoveaClassifier setEpochs(int value) {
    set(epochs, value);
    return this;
  }

  /** Sets the global batch size. */
  public FoveaClassifier setBatchSize(int value) {
    set(batchSize, value);
    return this;
  }

  /** Sets the seed. */
  public FoveaClassifier setSeed(long value) {
    set(seed, value);
    return this;
  }

  /** Sets the optimiser by name. */
  public FoveaClassifier setOptimizer(String value) {
    set(optimizer, value);
    return this;
  }

  /** Sets the learning rate (0: the optimiser's default). */
  public FoveaClassifier setLearningRate(double value) {
    set(learningRate, value);
    return this;
  }

  /** Sets the tasks per step (0: automatic). */
  public FoveaClassifier setNumTasks(int value) {
    set(numTasks, value);
    return this;
  }

  /** Sets label smoothing. */
  public FoveaClassifier setLabelSmoothing(double value) {
    set(labelSmoothing, value);
    return this;
  }

  /** Sets the gradient clipping norm. */
  public FoveaClassifier setClipNorm(double value) {
    set(clipNorm, value);
    return this;
  }

  /** Sets decoupled weight decay. */
  public FoveaClassifier setWeightDecay(double value) {
    set(weightDecay, value);
    return this;
  }

  /** The runtime settings these params give, as a single-machine run would use them. */
  public Trainer.Config config() {
    return new Trainer.Config((Integer) $(epochs), (Integer) $(batchSize), (Long) $(seed), 1);
  }

  /** The runtime options these params give. */
  public TrainingOptions options() {
    return new TrainingOptions((float) (double) (Double) $(labelSmoothing), (float) (double) (Double) $(clipNorm),
        (float) (double) (Double) $(weightDecay), true, Augmentation.NONE);
  }

  /** The learning rate these params give: the set one, or the optimiser's Keras default. */
  public double effectiveLearningRate() {
    double rate = (Double) $(learningRate);
    return rate > 0 ? rate : Optimizers.defaultLearningRate($(optimizer));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    if (!isDefined(network)) {
      throw new IllegalArgumentException("set the network (setNetwork) before fitting");
    }
    for (String column : List.of($(inputCol), $(labelCol))) {
      if (!List.of(schema.fieldNames()).contains(column)) {
        throw new IllegalArgumentException("no column \"" + column + "\" in " + schema.simpleString());
      }
    }
    return schema;
  }

  @Override
  public FoveaClassificationModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
    Model model = Model.forGenerated(Networks.load(Networks.generatedName($(network))));
    Initializer.initialize(model, (Long) $(seed));
    int classes = model.outputSize();
    int imageSize = model.inputSize();
    String in = $(inputCol);
    String label = $(labelCol);
    JavaPairRDD<Long, ShardBlock.Sample> data = dataset.select(in, label).toJavaRDD().zipWithIndex()
        .mapToPair(p -> new Tuple2<>(p._2(), sample(Math.toIntExact(p._2()), p._1(), imageSize, classes)))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      // One pass for the count and an order-independent digest of (index, label, pixels) for the fingerprint.
      long[] digest = data.map(p -> new long[] {1, mix(p._1(), p._2())}).reduce((a, b) -> new long[] {a[0] + b[0],
          a[1] + b[1]});
      long count = digest[0];
      if (count > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException(count + " rows: an epoch's order is an int array, so at most "
            + (Integer.MAX_VALUE - 16) + " samples");
      }
      int tasks = (Integer) $(numTasks) > 0 ? (Integer) $(numTasks)
          : Math.min(Trainer.MAX_SHARDS, sc.defaultParallelism());
      if ((Integer) $(numTasks) == 0 && model.stages() > 1) {
        // Batch norm's barrier stages need all their tasks running at once.
        tasks = Math.max(1, Math.min(tasks, BarrierStep.slots(sc)));
      }
      DataParallelTrainer trainer = new DataParallelTrainer(sc, model,
          Optimizers.parse($(optimizer), effectiveLearningRate()), config(), options(), tasks);
      if (!$(checkpointPath).isEmpty()) {
        String fingerprint = String.join(" ", model.generatedClass().getName(), Long.toString(count),
            Long.toHexString(digest[1]), String.valueOf($(batchSize)), String.valueOf($(seed)), $(optimizer),
            Double.toString(effectiveLearningRate()), options().toString());
        trainer.checkpoints($(checkpointPath), (Integer) $(checkpointEverySteps), fingerprint,
            sc.hadoopConfiguration());
      }
      trainer.fit(data, (int) count, LOG::info);
    } finally {
      data.unpersist(false);
    }
    FoveaClassificationModel fitted = new FoveaClassificationModel(
        Identifiable.randomUID("fovea"), model.generatedClass().getName().replaceFirst("Vector$", ""),
        model.parameters(), Preprocessing.NONE);
    fitted.set(fitted.inputCol(), in);
    return fitted.setParent(this);
  }

  private static long mix(long index, ShardBlock.Sample sample) {
    long h = index * 0x9E3779B97F4A7C15L + sample.label();
    h = h * 31 + java.util.Arrays.hashCode(sample.image());
    return h ^ (h >>> 29);
  }

  private static ShardBlock.Sample sample(int index, Row row, int imageSize, int classes) {
    float[] image = new float[imageSize];
    Scoring.copyInput(row, 0, image);
    if (row.isNullAt(1)) {
      throw new IllegalArgumentException("a label is null; filter such rows out first");
    }
    double value = ((Number) row.get(1)).doubleValue();
    int label = (int) value;
    if (label != value || label < 0 || label >= classes) {
      throw new IllegalArgumentException("label " + value + " is not a class index in [0, " + classes + ")");
    }
    return new ShardBlock.Sample(index, image, label);
  }

  @Override
  public FoveaClassifier copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /** The reader {@code Pipeline.load} calls through reflection. */
  public static MLReader<FoveaClassifier> read() {
    return new DefaultParamsReader<>();
  }

  /** Loads a classifier saved with {@link #write()}. */
  public static FoveaClassifier load(String path) {
    return read().load(path);
  }
}
