package dev.fovea.processor.parse;

import static dev.fovea.processor.Messages.BLOCK_CYCLE;
import static dev.fovea.processor.Messages.BLOCK_NO_LAYERS;
import static dev.fovea.processor.Messages.DUPLICATE_NAME;
import static dev.fovea.processor.Messages.FROM_ONE;
import static dev.fovea.processor.Messages.INPUT_NAME_RESERVED;
import static dev.fovea.processor.Messages.INVALID_NAME;
import static dev.fovea.processor.Messages.LAYER_STATIC;
import static dev.fovea.processor.Messages.NAME_TOO_LONG;
import static dev.fovea.processor.Messages.NO_LAYERS;
import static dev.fovea.processor.Messages.SAME_JAVA_NAME;
import static dev.fovea.processor.Messages.TWO_LAYER_ANNOTATIONS;
import static dev.fovea.processor.Messages.USE_ARGS;
import static dev.fovea.processor.Messages.USE_NOT_BLOCK;

import dev.fovea.processor.model.LayerSpec;
import dev.fovea.processor.model.NetworkSpec;
import dev.fovea.processor.op.LayerKinds;
import dev.fovea.processor.parse.NetworkParser.LayerSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * Collects a network's layers in declaration order, expanding each {@code @Use} of a {@code @Block} in place:
 * the block's layers are named {@code <use name>.<layer>}, its {@code "input"} is what the use reads, and its
 * arguments fill in {@code ARG1...} in its layers' attributes.
 */
final class LayerCollector {
  private final AnnotationValues values;
  private final Reporter reporter;
  private final List<LayerSpec> layers = new ArrayList<>();
  private final List<LayerSource> sources = new ArrayList<>();
  private final Map<String, List<String>> from = new HashMap<>();
  /** Layer names by their Java form, to refuse two that would share generated identifiers. */
  private final Map<String, String> names = new HashMap<>();
  private boolean complete = true;

  /**
   * Where one class's layers go.
   *
   * @param prefix prepended to the layer names: "" in the network, {@code "layer1.0."} in a block used so
   * @param args the use site's arguments, null outside a block
   * @param input the full name of what {@code "input"} means here
   * @param useSite the outermost use, where shape errors inside a block are reported; null outside blocks
   * @param blocks the blocks being expanded, outermost first, to refuse a block that contains itself
   */
  private record Scope(String prefix, List<Integer> args, String input, LayerSource useSite,
      List<TypeElement> blocks) {}

  /** What one class gave: the full name of its output (its last layer; null if none parsed) and its layer count. */
  private record Collected(String output, int declared) {}

  LayerCollector(AnnotationValues values, Reporter reporter) {
    this.values = values;
    this.reporter = reporter;
  }

  /** Collects the layers of a {@code @Network} class; false when it declares none (reported). */
  boolean collectNetwork(TypeElement type, AnnotationMirror network) {
    if (collect(type, new Scope("", null, NetworkSpec.INPUT, null, List.of())).declared() == 0) {
      reporter.error(type, network, "", String.format(NO_LAYERS, type.getSimpleName(), LayerKinds.annotationList()));
      return false;
    }
    return true;
  }

  List<LayerSpec> layers() {
    return layers;
  }

  List<LayerSource> sources() {
    return sources;
  }

  Map<String, List<String>> from() {
    return from;
  }

  /** False when some attribute could not be evaluated (javac reports that itself). */
  boolean complete() {
    return complete;
  }

  private Collected collect(TypeElement owner, Scope scope) {
    Map<String, String> outputs = new HashMap<>();
    String last = null;
    int declared = 0;
    for (Element member : owner.getEnclosedElements()) {
      if (member.getKind() != ElementKind.FIELD) {
        continue;
      }
      VariableElement field = (VariableElement) member;
      List<AnnotationMirror> mirrors = layerMirrors(field);
      if (mirrors.isEmpty()) {
        continue;
      }
      declared++;
      AnnotationMirror mirror = mirrors.get(0);
      if (mirrors.size() > 1) {
        reporter.error(field, mirrors.get(1), "", String.format(TWO_LAYER_ANNOTATIONS, field.getSimpleName(),
            annotationName(mirror), annotationName(mirrors.get(1))));
      }
      if (field.getModifiers().contains(Modifier.STATIC)) {
        reporter.error(field, mirror, "", String.format(LAYER_STATIC, field.getSimpleName()));
      }
      String local = localName(field, mirror);
      String name = scope.prefix() + local;
      List<String> reads = new ArrayList<>();
      for (String source : values.stringArray(mirror, "from")) {
        reads.add(source.equals(NetworkSpec.INPUT) ? scope.input() : outputs.getOrDefault(source,
            scope.prefix() + source));
      }
      if (reads.isEmpty()) {
        reads.add(last == null ? scope.input() : last);
      }
      String output = isUse(mirror) ? use(field, mirror, name, reads, scope) : layer(field, mirror, name, reads,
          scope);
      if (output != null) {
        outputs.put(local, output);
        last = output;
      }
    }
    return new Collected(last, declared);
  }

  /** Parses one layer; returns its name, or null when it could not be parsed. */
  private String layer(VariableElement field, AnnotationMirror mirror, String name, List<String> reads, Scope scope) {
    checkUnique(field, mirror, name);
    String annotation = ((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().toString();
    String context = scope.useSite() == null ? null : name + " (block " + field.getEnclosingElement()
        .getSimpleName() + ")";
    Optional<? extends LayerSpec> layer = LayerKinds.forAnnotation(annotation).orElseThrow()
        .parse(new Attributes(values, reporter, field, mirror, scope.args(), context), name);
    // Empty without an error of ours means javac could not evaluate an attribute and reports that itself.
    complete &= layer.isPresent();
    if (layer.isEmpty()) {
      return null;
    }
    String above = layers.isEmpty() ? NetworkSpec.INPUT : layers.get(layers.size() - 1).name();
    if (!reads.equals(List.of(above))) {
      from.put(name, List.copyOf(reads));
    }
    layers.add(layer.get());
    sources.add(scope.useSite() == null ? new LayerSource(field, mirror, null)
        : new LayerSource(scope.useSite().field(), scope.useSite().mirror(), context));
    return name;
  }

  /** Expands one use of a block; returns the full name of the block's output, or null when it has none. */
  private String use(VariableElement field, AnnotationMirror mirror, String name, List<String> reads, Scope scope) {
    Optional<TypeElement> block = values.type(mirror, "value");
    if (block.isEmpty()) {
      complete = false;
      return null;
    }
    TypeElement type = block.get();
    Optional<AnnotationMirror> declaration = AnnotationValues.find(type, LayerAnnotations.BLOCK);
    if (declaration.isEmpty()) {
      reporter.error(field, mirror, "value", String.format(USE_NOT_BLOCK, type.getQualifiedName()));
      return null;
    }
    if (scope.blocks().contains(type)) {
      reporter.error(field, mirror, "value", String.format(BLOCK_CYCLE, type.getSimpleName(), name));
      return null;
    }
    if (reads.size() != 1) {
      reporter.error(field, mirror, "from", String.format(FROM_ONE, "@Use", reads.size()));
      return null;
    }
    Attributes attributes = new Attributes(values, reporter, field, mirror, scope.args(), null);
    Optional<List<Integer>> args = attributes.ints("args");
    List<String> argNames = values.stringArray(declaration.get(), "args");
    if (args.isEmpty()) {
      complete = false;
      return null;
    }
    if (args.get().size() != argNames.size()) {
      reporter.error(field, mirror, "args", String.format(USE_ARGS, type.getSimpleName(), argNames.size(),
          argNames, args.get().size()));
      return null;
    }
    checkUnique(field, mirror, name);
    List<TypeElement> blocks = new ArrayList<>(scope.blocks());
    blocks.add(type);
    LayerSource useSite = scope.useSite() != null ? scope.useSite() : new LayerSource(field, mirror, null);
    Collected expanded = collect(type, new Scope(name + ".", args.get(), reads.get(0), useSite, blocks));
    if (expanded.declared() == 0) {
      reporter.error(field, mirror, "value", String.format(BLOCK_NO_LAYERS, type.getSimpleName(),
          LayerKinds.annotationList()));
    }
    return expanded.output();
  }

  private String localName(VariableElement field, AnnotationMirror mirror) {
    String explicit = values.string(mirror, "name");
    String name = explicit.isEmpty() ? field.getSimpleName().toString() : explicit;
    if (!NetworkParser.LAYER_NAME.matcher(name).matches()) {
      reporter.error(field, mirror, "name", String.format(INVALID_NAME, name));
    } else if (name.equals(NetworkSpec.INPUT)) {
      reporter.error(field, mirror, "name", INPUT_NAME_RESERVED);
    }
    return name;
  }

  private void checkUnique(VariableElement field, AnnotationMirror mirror, String name) {
    if (name.length() > NetworkParser.MAX_NAME_LENGTH) {
      reporter.error(field, mirror, "name", String.format(NAME_TOO_LONG, name.substring(0, 40), name.length(),
          NetworkParser.MAX_NAME_LENGTH));
      return;
    }
    // Generated members and offsets use the name's Java forms: a.b and a_b, or convA and conv_a, would share them.
    String constant = NetworkParser.constantName(name);
    String other = names.putIfAbsent(constant, name);
    if (other != null && other.equals(name)) {
      reporter.error(field, mirror, "name", String.format(DUPLICATE_NAME, name, name));
    } else if (other != null) {
      reporter.error(field, mirror, "name", String.format(SAME_JAVA_NAME, name, other, constant));
    }
  }

  private static boolean isUse(AnnotationMirror mirror) {
    return qualifiedName(mirror).equals(LayerAnnotations.USE);
  }

  /** The field's layer annotations (a kind's or {@code @Use}) in the order written, so errors point at the second. */
  private static List<AnnotationMirror> layerMirrors(Element field) {
    List<AnnotationMirror> result = new ArrayList<>();
    for (AnnotationMirror mirror : field.getAnnotationMirrors()) {
      String name = qualifiedName(mirror);
      if (name.equals(LayerAnnotations.USE) || LayerKinds.forAnnotation(name).isPresent()) {
        result.add(mirror);
      }
    }
    return result;
  }

  private static String qualifiedName(AnnotationMirror mirror) {
    return ((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().toString();
  }

  private static String annotationName(AnnotationMirror mirror) {
    return mirror.getAnnotationType().asElement().getSimpleName().toString();
  }
}
