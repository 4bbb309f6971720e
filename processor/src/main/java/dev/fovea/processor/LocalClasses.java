package dev.fovea.processor;

import static dev.fovea.processor.Messages.LAYER_IN_LOCAL_CLASS;
import static dev.fovea.processor.Messages.NETWORK_IN_LOCAL_CLASS;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.fovea.processor.op.LayerKinds;
import dev.fovea.processor.parse.LayerAnnotations;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Finds Fovea annotations on local and anonymous classes, which javac never hands to an annotation processor (so
 * they would be ignored without a word), and reports each at its annotation.
 */
final class LocalClasses {
  private static final String PACKAGE = "dev.fovea.annotations.";

  private LocalClasses() {}

  /** Scans the source of every root type; does nothing outside javac, where the trees are not available. */
  static void check(ProcessingEnvironment env, Set<? extends Element> roots) {
    Trees trees;
    try {
      trees = Trees.instance(env);
    } catch (IllegalArgumentException e) {
      return;
    }
    for (Element root : roots) {
      TreePath path = root instanceof TypeElement ? trees.getPath(root) : null;
      if (path != null) {
        new Scanner(trees, path.getCompilationUnit()).scan(path, null);
      }
    }
  }

  private static final class Scanner extends TreePathScanner<Void, Void> {
    private final Trees trees;
    private final CompilationUnitTree unit;
    /** "local" or "anonymous" while inside such a class (or a member class of one), else null. */
    private String hidden;

    Scanner(Trees trees, CompilationUnitTree unit) {
      this.trees = trees;
      this.unit = unit;
    }

    @Override
    public Void visitClass(ClassTree tree, Void unused) {
      String outer = hidden;
      Tree parent = getCurrentPath().getParentPath().getLeaf();
      if (parent.getKind() == Tree.Kind.NEW_CLASS) {
        hidden = "anonymous";
      } else if (!(parent instanceof ClassTree) && !(parent instanceof CompilationUnitTree)) {
        hidden = "local"; // declared in a block: a method or constructor body, an initializer, a lambda
      }
      if (hidden != null && !report(tree)) {
        for (Tree member : tree.getMembers()) {
          if (member instanceof VariableTree field) {
            for (AnnotationTree a : field.getModifiers().getAnnotations()) {
              String layer = fovea(a);
              if (layer != null && (LayerKinds.annotations().contains(PACKAGE + layer)
                  || LayerAnnotations.USE.equals(PACKAGE + layer))) {
                trees.printMessage(Diagnostic.Kind.ERROR, String.format(LAYER_IN_LOCAL_CLASS, layer,
                    field.getName(), hidden), a, unit);
              }
            }
          }
        }
      }
      try {
        return super.visitClass(tree, unused);
      } finally {
        hidden = outer;
      }
    }

    /**
     * Reports a {@code @Network} on this hidden class; true if there was one or a {@code @Block} (its layers then
     * go unreported: only a network declared beside it could use such a block, and that network is reported).
     */
    private boolean report(ClassTree tree) {
      for (AnnotationTree a : tree.getModifiers().getAnnotations()) {
        if ("Block".equals(fovea(a))) {
          return true;
        }
        if ("Network".equals(fovea(a))) {
          String name = tree.getSimpleName().length() == 0 ? "an anonymous class" : tree.getSimpleName().toString();
          trees.printMessage(Diagnostic.Kind.ERROR, String.format(NETWORK_IN_LOCAL_CLASS, name, hidden), a, unit);
          return true;
        }
      }
      return false;
    }

    /** The simple name of a Fovea annotation, by its written name and the file's imports; null for others. */
    private String fovea(AnnotationTree annotation) {
      String written = annotation.getAnnotationType().toString();
      if (written.startsWith(PACKAGE)) {
        return written.substring(PACKAGE.length());
      }
      if (written.contains(".")) {
        return null;
      }
      for (ImportTree i : unit.getImports()) {
        String imported = i.getQualifiedIdentifier().toString();
        if (!i.isStatic() && (imported.equals(PACKAGE + written) || imported.equals(PACKAGE + "*"))) {
          return written;
        }
      }
      return null;
    }
  }
}
