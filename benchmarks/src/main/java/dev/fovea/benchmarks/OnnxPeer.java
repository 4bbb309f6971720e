package dev.fovea.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import dev.fovea.runtime.Dataset;
import dev.fovea.runtime.Model;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * ONNX Runtime running a workload exported by {@code benchmarks/export_onnx.py} from Fovea's own weights: a session
 * with input and output tensors allocated once (direct buffers, so each run reads and writes them in place).
 */
final class OnnxPeer implements AutoCloseable {

  /** System property naming the directory of {@code W1.onnx}, {@code W2.onnx} and {@code W3.onnx}. */
  static final String ONNX_PROPERTY = "fovea.onnx";

  /** Largest |ONNX - Fovea| over the logits, relative to the largest |Fovea logit|, that still counts as equal. */
  static final double TOLERANCE = 1e-4;

  /** Images of a batch compared with Fovea: W3's forward pass takes a large fraction of a second each. */
  static final int CHECKED = 8;

  private final SessionOptions options;
  private final OrtSession session;
  private final String inputName;
  private final String outputName;
  private final OnnxTensor input;
  private final OnnxTensor output;
  private final FloatBuffer in;
  private final FloatBuffer out;
  private final int batch;
  private final int imageSize;
  private final int classes;

  /** A session on {@code threads} intra-op threads for batches of {@code batch} images of {@code network}. */
  OnnxPeer(String network, int batch, int threads) {
    Model fovea = Workloads.network(network);
    this.batch = batch;
    this.imageSize = fovea.inputSize();
    this.classes = fovea.outputSize();
    try {
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      options = new SessionOptions();
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OptLevel.ALL_OPT);
      session = env.createSession(file(network).toString(), options);
      inputName = session.getInputNames().iterator().next();
      outputName = session.getOutputNames().iterator().next();
      in = direct(batch * imageSize);
      out = direct(batch * classes);
      input = OnnxTensor.createTensor(env, in, new long[] {batch, fovea.inputChannels(), fovea.inputHeight(),
          fovea.inputWidth()});
      output = OnnxTensor.createTensor(env, out, new long[] {batch, classes});
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime cannot run " + file(network) + ": " + e.getMessage(), e);
    }
  }

  /** The ONNX file of a workload, under {@code -Dfovea.onnx}. */
  static Path file(String network) {
    String dir = System.getProperty(ONNX_PROPERTY);
    if (dir == null) {
      throw new IllegalStateException("-D" + ONNX_PROPERTY + "=DIR is not set: compare.sh exports " + network
          + ".onnx there with benchmarks/export_onnx.py");
    }
    Path file = Path.of(dir, network + ".onnx");
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(file + " does not exist: run benchmarks/export_onnx.py first");
    }
    return file;
  }

  private static FloatBuffer direct(int floats) {
    return ByteBuffer.allocateDirect(4 * floats).order(ByteOrder.nativeOrder()).asFloatBuffer();
  }

  /** Copies {@code batch} images starting at image {@code first} of {@code images} into the input tensor. */
  void load(float[] images, int first) {
    in.put(0, images, first * imageSize, batch * imageSize);
  }

  /** Runs the loaded batch; the logits land in {@link #logits()}, in place. */
  void run() {
    try (OrtSession.Result ignored = session.run(Map.of(inputName, input), Map.of(outputName, output))) {
      // The pinned output is not owned by the result, so closing it leaves the tensor (and its buffer) alive.
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The output buffer: {@code batch x classes} logits. */
  FloatBuffer logits() {
    return out;
  }

  /**
   * Runs the first {@code batch} images through ONNX Runtime, the first {@link #CHECKED} of them through Fovea, and
   * returns the largest logit difference,
   * relative to the largest Fovea logit; throws if it exceeds {@link #TOLERANCE}: a peer running other weights
   * or another network would make every ratio meaningless.
   */
  double check(String network, Dataset data) {
    Model fovea = Workloads.network(network);
    load(data.images(), 0);
    run();
    double worst = 0;
    double scale = 0;
    for (int b = 0; b < Math.min(batch, CHECKED); b++) {
      float[] expected = fovea.forward(data.images(), data.offset(b));
      for (int c = 0; c < classes; c++) {
        worst = Math.max(worst, Math.abs(out.get(b * classes + c) - expected[c]));
        scale = Math.max(scale, Math.abs(expected[c]));
      }
    }
    double relative = worst / Math.max(scale, Float.MIN_NORMAL);
    if (!(relative <= TOLERANCE)) {
      throw new IllegalStateException(String.format(Locale.ROOT,
          "%s: ONNX Runtime's logits differ from Fovea's by %.3g (relative %.3g > %.0e) on the same weights",
          network, worst, relative, TOLERANCE));
    }
    return relative;
  }

  @Override
  public void close() {
    input.close();
    output.close();
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    } finally {
      options.close();
    }
  }
}
