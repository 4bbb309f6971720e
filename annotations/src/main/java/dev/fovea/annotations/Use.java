package dev.fovea.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One use of a {@link Block}: its layers join the network here, named {@code <name>.<layer>} as PyTorch names a
 * submodule's parameters ({@code layer1.0.conv1.weight}), reading this field's input and giving the block's last
 * layer's output to the layers after it.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Use {
  /** The class annotated with {@code @Block}. */
  Class<?> value();

  /** The block's arguments: {@code ARG1} inside the block takes the first, and so on. */
  int[] args() default {};

  /**
   * The prefix of the block's layer names, dotted as PyTorch names submodules ({@code "layer1.0"}); the field's
   * name when empty.
   */
  String name() default "";

  /** The layer the block reads, by name ({@code "input"} for the enclosing input); empty: the layer above. */
  String[] from() default {};
}
