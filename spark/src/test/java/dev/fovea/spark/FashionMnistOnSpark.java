package dev.fovea.spark;

import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The README's example: train LeNet-5 on the bundled Fashion-MNIST slice with Spark (local[2] unless a master is
 * set), score the test part, save the fitted pipeline and score the sample PNGs through Spark's binaryFile source.
 * Arguments: the slice's directory, the samples' directory, where to save the pipeline.
 */
public final class FashionMnistOnSpark {

  private FashionMnistOnSpark() {}

  /** Runs the example. */
  public static void main(String[] args) throws Exception {
    Path data = Path.of(args.length > 0 ? args[0] : "example-project/data/fashion-mnist-slice");
    Path samples = Path.of(args.length > 1 ? args[1] : "example-project/data/samples");
    String saved = args.length > 2 ? args[2] : "target/fashion-mnist-pipeline";
    SparkSession spark = SparkSession.builder().appName("fovea-fashion-mnist")
        .master(System.getProperty("spark.master", "local[2]")).config("spark.ui.enabled", "false").getOrCreate();

    var train = FoveaData.idx(spark, data.resolve("train-images-idx3-ubyte.gz"),
        data.resolve("train-labels-idx1-ubyte.gz"), 10, Preprocessing.NONE, 4);
    var test = FoveaData.idx(spark, data.resolve("t10k-images-idx3-ubyte.gz"),
        data.resolve("t10k-labels-idx1-ubyte.gz"), 10, Preprocessing.NONE, 2);

    FoveaClassifier classifier = new FoveaClassifier().setNetwork(SparkLeNet5.class)
        .setOptimizer("adam").setLearningRate(0.01).setBatchSize(64).setEpochs(2).setSeed(42);
    long start = System.nanoTime();
    PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {classifier}).fit(train);
    System.out.printf(Locale.ROOT, "trained 2 epochs on %d images in %.1f s%n", train.count(),
        (System.nanoTime() - start) / 1e9);

    long correct = fitted.transform(test).filter("prediction = label").count();
    System.out.printf(Locale.ROOT, "test accuracy %.2f %% (%d of %d)%n", 100.0 * correct / test.count(), correct,
        test.count());

    fitted.write().overwrite().save(saved);
    FoveaClassificationModel model = (FoveaClassificationModel) PipelineModel.load(saved).stages()[0];
    var images = spark.read().format("binaryFile").option("pathGlobFilter", "*.png").load(samples.toString());
    PipelineModel scorer = new Pipeline().setStages(new PipelineStage[] {model.imageDecoder(),
        model.setPredictedLabelCol("label name")}).fit(images);
    for (Row row : scorer.transform(images).select("path", "label name").collectAsList()) {
      System.out.println(Path.of(java.net.URI.create(row.getString(0))).getFileName() + " -> " + row.getString(1));
    }
    System.out.println("saved the fitted pipeline to " + saved);
    spark.stop();
  }
}
