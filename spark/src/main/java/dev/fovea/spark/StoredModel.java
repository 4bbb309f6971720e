package dev.fovea.spark;

import dev.fovea.runtime.Json;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.SafeTensors;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A model's data directory on any Hadoop file system (local, HDFS, S3): {@code weights.safetensors}, loadable by
 * the runtime and by PyTorch, and {@code network.json}, naming the generated class and the preprocessing.
 */
record StoredModel(String network, float[] weights, Preprocessing preprocessing) {

  static final String WEIGHTS = "weights.safetensors";
  static final String DESCRIPTION = "network.json";
  static final String FORMAT = "fovea-spark-model/1";

  /** Writes both files under {@code dataDir}. */
  void write(String dataDir, Configuration conf) {
    Model model = Model.of(Networks.load(network), weights);
    try {
      // SafeTensors writes files atomically on a local disk; the copy to the cluster's file system follows.
      java.nio.file.Path local = Files.createTempFile("fovea-spark", ".safetensors");
      try {
        SafeTensors.save(model, local, Map.of("format", "pt", "fovea.network", network));
        Path dir = new Path(dataDir);
        FileSystem fs = dir.getFileSystem(conf);
        fs.copyFromLocalFile(false, true, new Path(local.toUri()), new Path(dir, WEIGHTS));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.put("generatedClass", network);
        json.put("preprocessing", preprocessing.toJson());
        try (OutputStream out = fs.create(new Path(dir, DESCRIPTION), true)) {
          out.write(Json.write(json).getBytes(StandardCharsets.UTF_8));
        }
      } finally {
        Files.deleteIfExists(local);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the model under " + dataDir + ": " + e.getMessage(), e);
    }
  }

  /** Reads what {@link #write} wrote; the generated class must be on this JVM's class path. */
  static StoredModel read(String dataDir, Configuration conf) {
    Path dir = new Path(dataDir);
    try {
      FileSystem fs = dir.getFileSystem(conf);
      Map<?, ?> json;
      try (InputStream in = fs.open(new Path(dir, DESCRIPTION))) {
        Object parsed = Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        if (!(parsed instanceof Map<?, ?> m) || !FORMAT.equals(m.get("format"))
            || !(m.get("generatedClass") instanceof String) || !(m.get("preprocessing") instanceof Map)) {
          throw new IllegalArgumentException(new Path(dir, DESCRIPTION) + " is not a " + FORMAT + " file");
        }
        json = m;
      }
      String network = (String) json.get("generatedClass");
      Model model = Model.of(Networks.load(network));
      Path weights = new Path(dir, WEIGHTS);
      try (InputStream in = fs.open(weights)) {
        SafeTensors.load(model, in, weights.toString());
      }
      return new StoredModel(network, model.parameters(), Preprocessing.fromJson((Map<?, ?>) json.get("preprocessing")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the model under " + dataDir + ": " + e.getMessage(), e);
    } catch (Json.ParseException e) {
      throw new IllegalArgumentException(new Path(dir, DESCRIPTION) + ": not valid JSON (" + e.getMessage() + ")", e);
    }
  }
}
