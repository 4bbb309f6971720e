package dev.fovea.processor.parse;

import static dev.fovea.processor.Messages.INPUT_FORM;
import static dev.fovea.processor.Messages.NON_POSITIVE;

import dev.fovea.api.GeneratedNames;
import dev.fovea.processor.model.NetworkSpec;
import dev.fovea.processor.model.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/** Turns a class annotated with {@code @Network} into a {@link NetworkSpec}, reporting every mistake it sees. */
public final class NetworkParser {
  /**
   * What a layer name may be: it becomes part of generated identifiers (dots as '$') and of parameter names; dots
   * join parts as PyTorch names submodules ({@code layer1.0.conv1}).
   */
  public static final Pattern LAYER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)*");

  /**
   * The longest layer name, with block prefixes: far below the class file's 65,535-byte limit on the identifiers
   * and strings it becomes part of.
   */
  public static final int MAX_NAME_LENGTH = 255;

  /**
   * A name as a Java constant: capitals start a new word, and dots and words are joined by '_' ({@code convA} and
   * {@code conv_a} are both {@code CONV_A}, {@code layer1.0} is {@code LAYER1_0}). Generated code names parameter
   * offsets this way and other members with the name's dots as '_', so two layers whose constant forms are equal
   * cannot both be declared.
   */
  public static String constantName(String name) {
    StringBuilder constant = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        constant.append('_');
      }
      constant.append(c == '.' ? '_' : Character.toUpperCase(c));
    }
    return constant.toString();
  }

  /** A parsed network and, per layer, where it was declared (to place later errors). */
  public record Parsed(NetworkSpec spec, AnnotationMirror networkMirror, List<LayerSource> sources) {}

  /**
   * Where a layer's shape errors go: the field and annotation that declared it, or for a layer of a block the
   * outermost {@code @Use}, with {@code context} naming the layer and its block (null outside blocks).
   */
  public record LayerSource(VariableElement field, AnnotationMirror mirror, String context) {}

  private final Elements elements;
  private final AnnotationValues values;
  private final Reporter reporter;

  public NetworkParser(Elements elements, Reporter reporter) {
    this.elements = elements;
    this.values = new AnnotationValues(elements);
    this.reporter = reporter;
  }

  /** The spec, or empty when the class has errors (all of them reported). */
  public Optional<Parsed> parse(TypeElement type) {
    int errorsBefore = reporter.errorCount();
    AnnotationMirror network = AnnotationValues.find(type, LayerAnnotations.NETWORK).orElseThrow();
    Shape input = parseInput(type, network);
    LayerCollector collector = new LayerCollector(values, reporter);
    boolean declared = collector.collectNetwork(type, network);
    int last = collector.layers().size() - 1;
    if (declared && collector.complete() && last >= 0) {
      LossCheck.check(collector.layers().get(last), collector.sources().get(last), reporter);
    }
    if (reporter.errorCount() > errorsBefore || input == null || !declared || !collector.complete()) {
      return Optional.empty();
    }
    String packageName = elements.getPackageOf(type).getQualifiedName().toString();
    NetworkSpec spec = new NetworkSpec(packageName, type.getSimpleName().toString(), generatedName(type), input,
        collector.layers(), values.stringArray(network, "labels"), collector.from());
    return Optional.of(new Parsed(spec, network, collector.sources()));
  }

  /** {@code LeNet5} gives {@code LeNet5Net}; a nested {@code Outer.Inner} gives {@code Outer_InnerNet}. */
  public static String generatedName(TypeElement type) {
    List<String> names = new ArrayList<>();
    for (Element e = type; !(e instanceof PackageElement); e = e.getEnclosingElement()) {
      names.add(0, e.getSimpleName().toString());
    }
    return GeneratedNames.simpleName(names);
  }

  /**
   * {@code @Input}: channels with height and width (an image) or with length (a sequence); each given size must be
   * positive, and a form given in part or both forms at once are reported.
   */
  private Shape parseInput(TypeElement type, AnnotationMirror network) {
    Optional<AnnotationMirror> input = values.annotation(network, "input");
    if (input.isEmpty()) {
      return null;
    }
    String[] attributes = {"channels", "height", "width", "length"};
    int[] dims = new int[attributes.length];
    boolean ok = true;
    for (int i = 0; i < attributes.length; i++) {
      Optional<Integer> value = values.intValue(input.get(), attributes[i]);
      if (value.isEmpty()) {
        return null;
      }
      dims[i] = value.get();
      boolean given = i == 0 || AnnotationValues.explicit(input.get(), attributes[i]).isPresent();
      if (given && dims[i] <= 0) {
        reporter.error(type, network, "input", String.format(NON_POSITIVE, "input " + attributes[i], dims[i]));
        ok = false;
      }
    }
    List<String> given = new ArrayList<>();
    for (int i = 1; i < attributes.length; i++) {
      if (AnnotationValues.explicit(input.get(), attributes[i]).isPresent()) {
        given.add(attributes[i]);
      }
    }
    boolean image = given.equals(List.of("height", "width"));
    boolean sequence = given.equals(List.of("length"));
    if (!image && !sequence) {
      reporter.error(type, network, "input", String.format(INPUT_FORM,
          given.isEmpty() ? "neither" : String.join(" and ", given)));
      return null;
    }
    if (!ok) {
      return null;
    }
    return sequence ? Shape.sequence(dims[0], dims[3]) : Shape.spatial(dims[0], dims[1], dims[2]);
  }


}
