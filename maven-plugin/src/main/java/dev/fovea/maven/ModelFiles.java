package dev.fovea.maven;

import dev.fovea.runtime.AtomicFiles;
import dev.fovea.runtime.DataFileException;
import dev.fovea.runtime.Model;
import dev.fovea.runtime.SafeTensors;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.maven.plugin.MojoFailureException;

/**
 * The trained model's files in the output directory: {@code LeNet5.safetensors} and {@code LeNet5.json}, written
 * as one unit, plus the training checkpoint {@code LeNet5.checkpoint}.
 *
 * <p>The JSON is the commit record: new weights go to {@code LeNet5.next.safetensors}, then the JSON naming their
 * SHA-256 replaces the old one, then the weights are renamed into place. A kill before the JSON's rename leaves
 * the previous pair intact (the stray file is deleted on the next run); a kill after it is completed by {@link
 * #recover()}, which every reader calls first. Either way no reader ever pairs new weights with old metadata.
 */
record ModelFiles(String generatedClass, Path weights, Path metadata, Path next, Path checkpoint) {

  /** The weights file's metadata key for the SHA-256 of the declaration they were trained for. */
  static final String DECLARATION_KEY = "fovea.declarationSha256";

  /** Arguments: the weights file, the network. */
  static final String OTHER_DECLARATION = "%s was trained for another version of %s (its declaration changed since, "
      + "e.g. an activation, with the same shapes): retrain with fovea:train";

  /** Arguments: the weights file, the network. */
  static final String UNRECORDED_DECLARATION = "%s does not record which version of %s it was trained for "
      + "(written by an older Fovea or another tool): retrain with fovea:train";

  static ModelFiles of(Path directory, String generatedClass) {
    String base = ProjectNetworks.simpleName(generatedClass);
    return new ModelFiles(generatedClass, directory.resolve(base + ".safetensors"), directory.resolve(base + ".json"),
        directory.resolve(base + ".next.safetensors"), directory.resolve(base + ".checkpoint"));
  }

  /**
   * Writes the weights ({@code writeWeights} writes them, atomically, to the path it is given) and the metadata
   * {@code describe} makes from their SHA-256, as one unit.
   */
  void write(Consumer<Path> writeWeights, Function<String, Metadata> describe) {
    writeWeights.accept(next);
    describe.apply(Fingerprint.sha256(next)).write(metadata);
    promote();
  }

  /**
   * Finishes or discards a write that a kill interrupted: {@code next} weights that the metadata describes are
   * moved into place, others were never committed and are deleted. Stale temporary files go too.
   */
  void recover() throws MojoFailureException {
    AtomicFiles.removeStaleTemporaries(weights);
    AtomicFiles.removeStaleTemporaries(metadata);
    AtomicFiles.removeStaleTemporaries(next);
    AtomicFiles.removeStaleTemporaries(checkpoint);
    if (!Files.isRegularFile(next)) {
      return;
    }
    Metadata meta;
    try {
      meta = Metadata.read(metadata);
    } catch (MojoFailureException e) {
      meta = null;
    }
    if (meta != null && Fingerprint.sha256(next).equals(meta.weightsSha256())) {
      promote();
    } else {
      try {
        Files.deleteIfExists(next);
      } catch (IOException e) {
        throw new MojoFailureException("cannot delete the unfinished " + next + ": " + e.getMessage(), e);
      }
    }
  }

  private void promote() {
    try {
      try {
        Files.move(next, weights, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(next, weights, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new DataFileException(weights, "cannot move " + next.getFileName() + " into place: " + e, e);
    }
  }

  /**
   * The metadata of a finished training of this network, checked against the weights file it describes.
   *
   * @throws MojoFailureException if there is none (train first), it is malformed, or it belongs elsewhere
   */
  Metadata readTrained() throws MojoFailureException {
    recover();
    String name = ProjectNetworks.simpleName(generatedClass);
    Metadata meta = Metadata.read(metadata);
    if (meta == null || !Files.isRegularFile(weights)) {
      throw new MojoFailureException("no trained weights for " + name + ": " + (meta == null ? metadata : weights)
          + " does not exist; run fovea:train first");
    }
    if (!meta.generatedClass().equals(generatedClass)) {
      throw new MojoFailureException(metadata + " describes " + meta.generatedClass() + ", not " + generatedClass
          + "; retrain with fovea:train");
    }
    // The preprocessing constants are only valid for the weights they were trained with.
    if (!Fingerprint.sha256(weights).equals(meta.weightsSha256())) {
      throw new MojoFailureException(weights + " is not the file " + metadata + " describes (its SHA-256 "
          + "differs); retrain with fovea:train -Dfovea.force");
    }
    return meta;
  }

  /**
   * Loads the weights into {@code model}.
   *
   * @throws MojoFailureException naming the tensor when the file does not fit the network
   */
  void loadInto(Model model, String declarationSha256) throws MojoFailureException {
    try {
      SafeTensors.load(model, weights);
    } catch (SafeTensors.NonFiniteException e) {
      throw new MojoFailureException(e.getMessage(), e);
    } catch (DataFileException e) {
      throw new MojoFailureException("the trained weights do not fit " + model.name() + " as compiled now ("
          + e.getMessage() + "): retrain with fovea:train", e);
    }
    // Same shapes do not mean the same network: an activation changed since training keeps every shape.
    String trainedFor = SafeTensors.metadata(weights).get(DECLARATION_KEY);
    if (!declarationSha256.equals(trainedFor)) {
      throw new MojoFailureException(String.format(trainedFor == null ? UNRECORDED_DECLARATION : OTHER_DECLARATION,
          weights, model.name()));
    }
  }
}
