package dev.fovea.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.ImageFolder;
import dev.fovea.runtime.Initializer;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.SafeTensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stages in Spark ML pipelines: fitted, saved, loaded and scoring the same; image files decoded as the runtime. */
class PipelineTest {

  @TempDir
  Path dir;

  @Test
  void aFittedPipelineRoundTripsThroughSaveAndLoad() throws Exception {
    SparkSession spark = LocalSpark.session();
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
        new FoveaClassifier().setNetwork(SparkTestNet.class).setBatchSize(50).setEpochs(1).setNumTasks(2)});
    PipelineModel fitted = pipeline.fit(FoveaData.of(spark, LocalSpark.train(200), Preprocessing.NONE, 2));
    org.apache.spark.sql.Dataset<Row> test = FoveaData.of(spark, LocalSpark.slice().test().slice(0, 100),
        Preprocessing.NONE, 2);
    List<Row> before = fitted.transform(test).select("prediction", "probability").collectAsList();

    fitted.write().overwrite().save(dir.resolve("fitted").toString());
    PipelineModel loaded = PipelineModel.load(dir.resolve("fitted").toString());
    List<Row> after = loaded.transform(test).select("prediction", "probability").collectAsList();

    assertEquals(before, after);
    FoveaClassificationModel original = (FoveaClassificationModel) fitted.stages()[0];
    FoveaClassificationModel restored = assertInstanceOf(FoveaClassificationModel.class, loaded.stages()[0]);
    assertArrayEquals(original.weights(), restored.weights());
    assertEquals(original.uid(), restored.uid());
    // The weights inside are a plain safetensors file the runtime (and PyTorch) reads.
    Path weights = dir.resolve("fitted/stages/0_" + original.uid() + "/data/" + StoredModel.WEIGHTS);
    Model runtime = Model.forNetwork(SparkTestNet.class);
    SafeTensors.load(runtime, weights);
    assertArrayEquals(original.weights(), runtime.parameters());

    // The unfitted pipeline keeps the estimator's settings.
    pipeline.write().overwrite().save(dir.resolve("unfitted").toString());
    FoveaClassifier classifier = (FoveaClassifier) Pipeline.load(dir.resolve("unfitted").toString()).getStages()[0];
    assertEquals(50, classifier.config().batchSize());
    assertEquals(SparkTestNet.class.getName(), classifier.getOrDefault(classifier.network()));
  }

  @Test
  void imageFilesAreDecodedAndScoredAsTheRuntimeDoes() throws Exception {
    SparkSession spark = LocalSpark.session();
    Model runtime = Model.forNetwork(SparkTestNet.class);
    Initializer.initialize(runtime, 3);
    Preprocessing preprocessing = new Preprocessing(true, 0.25, 0.35);
    FoveaClassificationModel model =
        new FoveaClassificationModel(SparkTestNet.class.getName(), runtime.parameters(), preprocessing);
    PipelineModel scorer = new Pipeline().setStages(new PipelineStage[] {model.imageDecoder(), model})
        .fit(spark.read().format("binaryFile").load(Path.of("../example-project/data/samples").toString()));
    scorer.write().overwrite().save(dir.resolve("scorer").toString());
    PipelineModel loaded = PipelineModel.load(dir.resolve("scorer").toString());
    FoveaImageDecoder decoder = assertInstanceOf(FoveaImageDecoder.class, loaded.stages()[0]);
    assertEquals(preprocessing, decoder.preprocessing());

    List<Row> rows = loaded.transform(spark.read().format("binaryFile")
        .option("pathGlobFilter", "*.png").load(Path.of("../example-project/data/samples").toString()))
        .select("path", "prediction", "probability").collectAsList();

    assertEquals(7, rows.size());
    for (Row row : rows) {
      Path file = Path.of(java.net.URI.create(row.getString(0)));
      float[] image = ImageFolder.decode(Files.readAllBytes(file), file.toString(), 1, 28, 28);
      preprocessing.apply(image);
      assertEquals(runtime.predict(image, 0), row.getDouble(1), file.toString());
      float[] probabilities = new float[10];
      Scoring.score(runtime, image, true, probabilities);
      Vector p = row.getAs(2);
      for (int c = 0; c < 10; c++) {
        assertEquals(probabilities[c], p.apply(c));
      }
    }
  }
}
