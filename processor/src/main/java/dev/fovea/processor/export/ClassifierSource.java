package dev.fovea.processor.export;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.fovea.annotations.Activation;
import dev.fovea.processor.model.NetworkPlan;
import dev.fovea.processor.write.Backend;
import dev.fovea.processor.write.InferenceWriter;
import dev.fovea.processor.write.LongStrings;
import dev.fovea.processor.write.JavaNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import javax.lang.model.element.Modifier;

/**
 * Writes the exported classifier's source: JavaPoet writes what depends on the network (constants, labels,
 * the forward pass, the weights) and the fixed part (predict, probabilities, main, file reading, the weight
 * check) comes from {@code ClassifierMembers.java.txt}, plain Java that is easier to read there than as
 * JavaPoet calls.
 */
final class ClassifierSource {
  private static final String TEMPLATE = "ClassifierMembers.java.txt";
  /** Further members without imports of their own: the command line, and the choice of forward pass. */
  private static final List<String> MORE_MEMBERS = List.of("ClassifierCommandLine.java.txt",
      "ClassifierBackend.java.txt");
  /** The forward pass's interface, which both backends' classes implement. */
  private static final String INFERENCE = "Inference";
  /** Appended to the classifier's name for its optional Vector API forward pass, as the processor's classes. */
  static final String VECTOR_SUFFIX = Backend.VECTOR_SUFFIX;
  private static final String MEMBERS_MARKER = "//-- members";

  /** How raw inputs were mapped before training: (x - mean) / std in double, as Dataset.standardized does. */
  record Standardization(double mean, double std) {}

  private ClassifierSource() {}

  /**
   * The whole source file; {@code standardization} may be null for none; {@code invert} makes pictures (not
   * IDX files) inverted before classifying.
   */
  static String write(NetworkPlan plan, ClassName name, Standardization standardization, boolean invert,
      TypeSpec weights) {
    String network = plan.spec().userClassName();
    TypeSpec.Builder type = JavaNames.qualifyJavaLang(TypeSpec.classBuilder(name))
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addJavadoc("Classifies $L inputs with $L, exported by Fovea with its trained weights. Do not edit.\n\n",
            plan.input(), network)
        .addJavadoc("<p>Depends on nothing but the JDK (java.base; java.desktop only to read PNG/JPEG in main).\n")
        .addJavadoc("Thread-safe: each thread gets its own activations, and predict allocates nothing after a\n")
        .addJavadoc("thread's first call. Run {@code java $L shoe.png} to classify files.\n",
            name.canonicalName());
    type.addField(field(TypeName.get(String.class), "NAME", Modifier.PRIVATE, CodeBlock.of("$S", network)));
    type.addField(constant("INPUT_CHANNELS", plan.input().channels()));
    type.addField(constant("INPUT_HEIGHT", plan.input().height()));
    type.addField(constant("INPUT_WIDTH", plan.input().width()));
    type.addField(constant("INPUT_SIZE", plan.input().size()));
    type.addField(constant("OUTPUT_SIZE", plan.output().size()));
    type.addField(constant("PARAMETER_COUNT", plan.parameterCount()));
    type.addField(field(TypeName.BOOLEAN, "STANDARDIZE", Modifier.PRIVATE,
        CodeBlock.of("$L", standardization != null)));
    type.addField(field(TypeName.DOUBLE, "MEAN", Modifier.PRIVATE,
        CodeBlock.of("$L", standardization == null ? "0.0" : Double.toString(standardization.mean()))));
    type.addField(field(TypeName.DOUBLE, "STD", Modifier.PRIVATE,
        CodeBlock.of("$L", standardization == null ? "1.0" : Double.toString(standardization.std()))));
    type.addField(FieldSpec.builder(TypeName.BOOLEAN, "INVERT", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .initializer("$L", invert)
        .addJavadoc("Whether pictures are inverted (1 - value) before classifying, as recorded at export.\n")
        .build());
    // The runtime's loss treats every output but SIGMOID's as logits, so probabilities are its softmax.
    type.addField(field(TypeName.BOOLEAN, "SOFTMAX", Modifier.PRIVATE,
        CodeBlock.of("$L", plan.last().spec().activation() != Activation.SIGMOID)));
    type.addField(field(ArrayTypeName.of(String.class), "LABELS", Modifier.PRIVATE, labels(plan)));
    type.addType(implementInference(InferenceWriter.write(plan, "Net").toBuilder(), name).build());
    type.addType(weights);
    String generated = JavaFile.builder(name.packageName(), type.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build()
        .toString();
    return splice(generated, name.simpleName());
  }

  /**
   * The source of {@code <ClassName>Vector}, the optional forward pass on the Vector API: the same layers with
   * the processor's vector emitters, as a package-private class of its own, so that the classifier's own source
   * compiles without jdk.incubator.vector and this one only with it ({@code --add-modules}).
   */
  static String vector(NetworkPlan plan, ClassName classifier) {
    ClassName name = vectorName(classifier);
    TypeSpec.Builder type = InferenceWriter.builder(plan, name.simpleName(), Backend.VECTOR)
        .addModifiers(Modifier.FINAL)
        .addJavadoc("\n<p>The Vector API forward pass of {@link $T}, exported by Fovea. Do not edit. Needs\n",
            classifier)
        .addJavadoc("{@code --add-modules jdk.incubator.vector} to compile and to run; without it $L runs its\n",
            classifier.simpleName())
        .addJavadoc("portable pass and never loads this class.\n");
    return JavaFile.builder(name.packageName(), JavaNames.qualifyJavaLang(implementInference(type, classifier))
            .build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build()
        .toString();
  }

  /** The vector pass's class name: {@code <ClassName>Vector}, beside the classifier. */
  static ClassName vectorName(ClassName classifier) {
    return ClassName.get(classifier.packageName(), classifier.simpleName() + VECTOR_SUFFIX);
  }

  /** A forward pass class as the classifier's {@code Inference}: its {@code input()} and (public) {@code run()}. */
  private static TypeSpec.Builder implementInference(TypeSpec.Builder type, ClassName classifier) {
    return type.addSuperinterface(classifier.nestedClass(INFERENCE))
        .addMethod(MethodSpec.methodBuilder("input")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(float[].class)
            .addStatement("return input")
            .build());
  }

  private static CodeBlock labels(NetworkPlan plan) {
    List<String> labels = plan.spec().labels().isEmpty()
        ? IntStream.range(0, plan.output().size()).mapToObj(String::valueOf).toList()
        : plan.spec().labels();
    return LongStrings.array(labels);
  }

  private static FieldSpec constant(String name, int value) {
    return field(TypeName.INT, name, Modifier.PUBLIC, CodeBlock.of("$L", value));
  }

  private static FieldSpec field(TypeName type, String name, Modifier access, CodeBlock value) {
    return FieldSpec.builder(type, name, access, Modifier.STATIC, Modifier.FINAL).initializer(value).build();
  }

  /** Adds the template's imports after the package line and its members before the class's closing brace. */
  private static String splice(String generated, String simpleName) {
    String template = template(TEMPLATE);
    int marker = template.indexOf(MEMBERS_MARKER);
    String imports = template.substring(0, marker);
    StringBuilder all = new StringBuilder(template.substring(template.indexOf('\n', marker) + 1));
    for (String file : MORE_MEMBERS) {
      String more = template(file);
      all.append('\n').append(more.substring(more.indexOf('\n', more.indexOf(MEMBERS_MARKER)) + 1));
    }
    String members = all.toString().replace("__CLASS__", simpleName);
    int close = generated.lastIndexOf('}');
    String body = generated.substring(0, close) + "\n" + members + "}\n";
    if (!body.startsWith("package ")) {
      return imports + "\n" + body;
    }
    int afterPackage = body.indexOf('\n') + 1;
    return body.substring(0, afterPackage) + "\n" + imports + body.substring(afterPackage);
  }

  private static String template(String name) {
    try (InputStream in = ClassifierSource.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the Fovea processor jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }
}
