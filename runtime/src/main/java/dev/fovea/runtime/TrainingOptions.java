package dev.fovea.runtime;

/**
 * Regularisation and augmentation a {@link Trainer} applies at every step: label smoothing of the cross-entropy
 * target, clipping of the batch gradient to a global L2 norm (0: none), weight decay (decoupled as AdamW's {@code
 * p -= lr * decay * p} before the update, or coupled as L2's {@code g += decay * p} after clipping, as PyTorch's SGD
 * does), and augmentation of the training images.
 */
public record TrainingOptions(float labelSmoothing, float clipNorm, float weightDecay, boolean decoupledWeightDecay,
    Augmentation augmentation) {

  /** Nothing: plain cross-entropy on the images as they are. */
  public static final TrainingOptions NONE = new TrainingOptions(0, 0, 0, true, Augmentation.NONE);

  /** Checks every option's range. */
  public TrainingOptions {
    if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
      throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + labelSmoothing);
    }
    if (!(clipNorm >= 0) || Float.isInfinite(clipNorm)) {
      throw new IllegalArgumentException("clip norm must be finite and not negative (0: none), got " + clipNorm);
    }
    if (!(weightDecay >= 0 && weightDecay < 1)) {
      throw new IllegalArgumentException("weight decay must be in [0, 1), got " + weightDecay);
    }
    if (augmentation == null) {
      augmentation = Augmentation.NONE;
    }
  }
}
