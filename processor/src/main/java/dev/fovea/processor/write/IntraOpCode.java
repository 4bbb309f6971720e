package dev.fovea.processor.write;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.fovea.processor.model.LayerPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * The generated class's intra-op threads: a pool field, the {@code setIntraOpThreads} and {@code intraOpThreads}
 * overrides, one split forward per large layer and the dispatch that runs a layer's part on a pool thread. Only
 * classes with a layer worth splitting get them, so every other class (and the exported classifier, written from
 * the layers' unsplit forwards) stays as it was.
 */
final class IntraOpCode {
  /** The pool in the annotations jar, which has no dependencies. */
  static final ClassName POOL = ClassName.get("dev.fovea.api", "IntraOpThreads");

  /**
   * Layers with fewer multiply-adds run whole: at a few GFLOP/s, 100,000 multiply-adds take some 20 to 50 us, and
   * a hand-off to a spinning worker and back costs a few microseconds, which a smaller layer would not earn back.
   */
  static final long MIN_MULTIPLY_ADDS = 100_000;

  /** The part methods' bounds. */
  static final String SPAN_FROM = "spanFrom";

  static final String SPAN_TO = "spanTo";

  private static final String FIELD = "intraOp";

  private static final String PARTS = "intraOpParts";

  private static final String DISPATCH = "runPart";

  private IntraOpCode() {}

  /** Whether a layer of this many multiply-adds is worth a hand-off. */
  static boolean worthSplitting(long multiplyAdds) {
    return multiplyAdds >= MIN_MULTIPLY_ADDS;
  }

  static String splitForwardName(LayerPlan layer) {
    return LayerEmitter.member(layer, "SplitForward");
  }

  /**
   * What the class gets: the forward calls of the public forward (a split layer's split forward, other layers'
   * own), and the pool's fields and methods, none when no layer is split.
   */
  record Members(List<String> forwardCalls, List<FieldSpec> fields, List<MethodSpec> methods) {}

  /** The pool, its overrides, the layers' split forwards and the dispatch, when any layer has a split. */
  static Members of(List<LayerPlan> layers, List<Optional<IntraOpSplit>> splits) {
    List<String> calls = new ArrayList<>();
    CodeBlock.Builder cases = CodeBlock.builder();
    List<MethodSpec> methods = new ArrayList<>();
    List<MethodSpec> layerMethods = new ArrayList<>();
    int task = 0;
    for (int i = 0; i < layers.size(); i++) {
      LayerPlan layer = layers.get(i);
      if (splits.get(i).isEmpty()) {
        calls.add(LayerEmitter.forwardName(layer));
        continue;
      }
      IntraOpSplit split = splits.get(i).get();
      calls.add(splitForwardName(layer));
      layerMethods.add(splitForward(layer, split, task));
      layerMethods.add(split.part());
      cases.addStatement("case $L -> $N($T.bound(part, parts, $L, $L, $L), $T.bound(part + 1, parts, $L, $L, $L))",
          task, split.part(), POOL, split.units(), split.unit(), split.total(), POOL, split.units(), split.unit(),
          split.total());
      task++;
    }
    if (task == 0) {
      return new Members(calls, List.of(), List.of());
    }
    List<FieldSpec> fields = List.of(FieldSpec.builder(POOL, FIELD, Modifier.PRIVATE)
        .addJavadoc("The threads large layers' inference forward is split over; null for the caller's alone.\n")
        .build(),
        FieldSpec.builder(POOL.nestedClass("Parts"), PARTS, Modifier.PRIVATE)
        .addJavadoc("What the pool runs: {@link #$L}.\n", DISPATCH)
        .build());
    methods.add(MethodSpec.methodBuilder("setIntraOpThreads")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("Splits the large layers of {@link #forward} over {@code threads} threads, the same bits for any count.\n")
        .addParameter(TypeName.INT, "threads")
        .addStatement("$T.check(threads)", POOL)
        .beginControlFlow("if ($L != null)", FIELD)
        .addStatement("$L.close()", FIELD)
        .addStatement("$L = null", FIELD)
        .endControlFlow()
        .beginControlFlow("if (threads > 1)")
        .addStatement("$L = this::$L", PARTS, DISPATCH)
        .addStatement("$L = new $T(threads)", FIELD, POOL)
        .endControlFlow()
        .build());
    methods.add(MethodSpec.methodBuilder("intraOpThreads")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(TypeName.INT)
        .addJavadoc("The threads {@link #forward} splits large layers over.\n")
        .addStatement("return $L == null ? 1 : $L.threads()", FIELD, FIELD)
        .build());
    methods.add(MethodSpec.methodBuilder(DISPATCH)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Runs part {@code part} of {@code parts} of split layer {@code task}'s forward.\n")
        .addParameter(TypeName.INT, "task")
        .addParameter(TypeName.INT, "part")
        .addParameter(TypeName.INT, "parts")
        .beginControlFlow("switch (task)")
        .addCode(cases.build())
        .addStatement("default -> throw new $T($S + task)", IllegalArgumentException.class, "no split layer ")
        .endControlFlow()
        .build());
    methods.addAll(layerMethods);
    return new Members(calls, fields, methods);
  }

  /** The layer's forward as the public forward calls it: whole without a pool, else in parts. */
  private static MethodSpec splitForward(LayerPlan layer, IntraOpSplit split, int task) {
    return MethodSpec.methodBuilder(splitForwardName(layer))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L, its parts on the intra-op threads.\n", LayerEmitter.describe(layer))
        .beginControlFlow("if ($L == null)", FIELD)
        .addStatement("$L()", LayerEmitter.forwardName(layer))
        .addStatement("return")
        .endControlFlow()
        .addCode(split.before())
        .addStatement("$L.run($L, $L, $L)", FIELD, PARTS, task, split.units())
        .addCode(split.after())
        .build();
  }

  /** A part method's signature: {@code name(final int from, final int to)} with its Javadoc. */
  static MethodSpec.Builder part(String name, String javadoc) {
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L\n", javadoc)
        .addParameter(TypeName.INT, SPAN_FROM, Modifier.FINAL)
        .addParameter(TypeName.INT, SPAN_TO, Modifier.FINAL);
  }
}
