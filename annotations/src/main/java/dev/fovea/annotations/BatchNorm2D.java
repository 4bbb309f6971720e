package dev.fovea.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Batch normalisation per channel (PyTorch's nn.BatchNorm2d; on a flat input, nn.BatchNorm1d): in training the
 * mean and biased variance over the mini-batch and every cell of a channel, in evaluation the running statistics.
 * Parameters {@code weight} (gamma, ones) and {@code bias} (beta, zeros); non-trained state {@code running_mean},
 * {@code running_var} and {@code num_batches_tracked}, under PyTorch's names.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface BatchNorm2D {
  /** Added to the variance before the square root; positive. */
  double eps() default 1e-5;

  /** PyTorch's momentum: running = (1 - momentum) * running + momentum * batch statistic; in [0, 1]. */
  double momentum() default 0.1;

  /** Applied after the normalisation, as in {@code relu(bn(conv(x)))}. */
  Activation activation() default Activation.LINEAR;

  /** The layer's name; the field's name when empty. */
  String name() default "";

  /**
   * The layer whose output this one reads, by name ({@code "input"} for the network's input); empty: the layer
   * declared just above.
   */
  String[] from() default {};
}
