package dev.fovea.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.Initializer;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.SoftmaxCrossEntropy;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Scoring through Spark's engine gives the runtime's predictions and probabilities, bit for bit. */
class ScoringTest {

  @Test
  void predictionsAndProbabilitiesEqualTheRuntimes() {
    SparkSession spark = LocalSpark.session();
    Dataset test = LocalSpark.slice().test().slice(0, 300);
    Model runtime = Model.forNetwork(SparkTestNet.class);
    Initializer.initialize(runtime, 5);
    FoveaClassificationModel model =
        new FoveaClassificationModel(SparkTestNet.class.getName(), runtime.parameters(), Preprocessing.NONE)
            .setPredictedLabelCol("predictedLabel");

    List<Row> rows = model.transform(FoveaData.of(spark, test, Preprocessing.NONE, 3)).collectAsList();

    assertEquals(test.size(), rows.size());
    float[] probabilities = new float[runtime.outputSize()];
    int disagreeWithLabel = 0;
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      float[] logits = runtime.forward(test.images(), test.offset(i)).clone();
      SoftmaxCrossEntropy.softmax(java.util.Arrays.copyOf(logits, runtime.outputSize()), probabilities);
      int predicted = runtime.predict(test.images(), test.offset(i));
      assertEquals(predicted, row.<Double>getAs("prediction"), "row " + i);
      Vector p = row.getAs("probability");
      for (int c = 0; c < probabilities.length; c++) {
        assertEquals(probabilities[c], p.apply(c), "row " + i + ", class " + c);
      }
      assertEquals(runtime.labels().get(predicted), row.getAs("predictedLabel"));
      assertEquals(test.labels()[i], row.<Integer>getAs("label"));
      disagreeWithLabel += predicted == test.labels()[i] ? 0 : 1;
    }
    // Untrained weights: most predictions are wrong, so the comparison is not of a trivially constant output.
    assertEquals(true, disagreeWithLabel > 0);
  }

  @Test
  void aWrongImageSizeIsReportedWithTheNetworksShape() {
    SparkSession spark = LocalSpark.session();
    Model runtime = Model.forNetwork(SparkTestNet.class);
    FoveaClassificationModel model =
        new FoveaClassificationModel(SparkTestNet.class.getName(), runtime.parameters(), Preprocessing.NONE);
    Dataset tiny = new Dataset("tiny", 1, 2, 2, new float[4], new int[] {0}, 10);
    Exception e = assertThrows(Exception.class,
        () -> model.transform(FoveaData.of(spark, tiny, Preprocessing.NONE, 1)).collectAsList());
    assertEquals(true, String.valueOf(rootCause(e).getMessage()).contains("the network takes 784"), e.toString());
  }

  @Test
  void aColumnOfTheWrongTypeIsRefusedBeforeAnyJob() {
    SparkSession spark = LocalSpark.session();
    FoveaClassificationModel model = new FoveaClassificationModel(SparkTestNet.class.getName(),
        Model.forNetwork(SparkTestNet.class).parameters(), Preprocessing.NONE);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> model.transform(spark.range(3).toDF("image")));
    assertEquals(true, e.getMessage().contains("expected array<float>"), e.getMessage());
  }

  static Throwable rootCause(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
