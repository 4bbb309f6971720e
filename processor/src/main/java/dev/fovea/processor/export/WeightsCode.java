package dev.fovea.processor.export;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import javax.lang.model.element.Modifier;

/**
 * The nested {@code Weights} class of an exported classifier: the raw little-endian float32 bytes either
 * embedded as Base64 string constants or read from a resource beside the class, with their SHA-256.
 *
 * <p>Embedded constants stay far inside the class-file limits: each string is {@value #CHARS_PER_STRING} ASCII
 * characters (a constant may hold 65,535 bytes of UTF-8), each method appends {@value #STRINGS_PER_METHOD} of
 * them (13 bytes of bytecode each, far under HotSpot's 8000-byte JIT limit), and each string costs two
 * constant-pool entries, so even 10 million parameters would need under 2,000 of the 65,535.
 */
final class WeightsCode {
  /** Base64 characters per string constant; a multiple of 4 so each decodes on its own. */
  static final int CHARS_PER_STRING = 60_000;
  /** Characters per source line of a string constant, joined with {@code +}, which javac folds into one. */
  private static final int CHARS_PER_LINE = 1_000;
  static final int STRINGS_PER_METHOD = 32;

  private WeightsCode() {}

  /** The weights as bytes: little-endian float32 in the flat order, as in a safetensors file's data. */
  static byte[] bytes(float[] parameters) {
    ByteBuffer buffer = ByteBuffer.allocate(4 * parameters.length).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(parameters);
    return buffer.array();
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** Weights decoded from string constants in the class itself. */
  static TypeSpec embedded(ClassName classifier, byte[] bytes) {
    String base64 = Base64.getEncoder().encodeToString(bytes);
    TypeSpec.Builder type = header(bytes, "the weights embedded in " + classifier.simpleName());
    MethodSpec.Builder all = MethodSpec.methodBuilder("bytes")
        .addModifiers(Modifier.STATIC)
        .returns(ArrayTypeName.of(TypeName.BYTE))
        .addStatement("$T out = new $T($L)", ByteArrayOutputStream.class, ByteArrayOutputStream.class, bytes.length);
    int strings = (base64.length() + CHARS_PER_STRING - 1) / CHARS_PER_STRING;
    for (int first = 0, part = 0; first < strings; first += STRINGS_PER_METHOD, part++) {
      MethodSpec.Builder method = MethodSpec.methodBuilder("part" + part)
          .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
          .addParameter(ByteArrayOutputStream.class, "out");
      for (int s = first; s < Math.min(strings, first + STRINGS_PER_METHOD); s++) {
        int from = s * CHARS_PER_STRING;
        method.addStatement("out.writeBytes(DECODER.decode($L))",
            literal(base64.substring(from, Math.min(base64.length(), from + CHARS_PER_STRING))));
      }
      type.addMethod(method.build());
      all.addStatement("part$L(out)", part);
    }
    type.addField(FieldSpec.builder(Base64.Decoder.class, "DECODER", Modifier.PRIVATE, Modifier.STATIC,
        Modifier.FINAL).initializer("$T.getDecoder()", Base64.class).build());
    return type.addMethod(all.addStatement("return out.toByteArray()").build()).build();
  }

  /** Weights read from {@code resource}, a file beside the classifier's class (in its jar or directory). */
  static TypeSpec fromResource(ClassName classifier, String resource, byte[] bytes) {
    MethodSpec read = MethodSpec.methodBuilder("bytes")
        .addModifiers(Modifier.STATIC)
        .returns(ArrayTypeName.of(TypeName.BYTE))
        .beginControlFlow("try ($T in = $T.class.getResourceAsStream($S))", InputStream.class, classifier, resource)
        .beginControlFlow("if (in == null)")
        .addStatement("throw new $T($S)", IllegalStateException.class, resource + " is missing: it must sit beside "
            + classifier.simpleName() + ".class (in the same jar or directory), as the exporter wrote it")
        .endControlFlow()
        .addStatement("return in.readAllBytes()")
        .nextControlFlow("catch ($T e)", IOException.class)
        .addStatement("throw new $T($S + e.getMessage())", IllegalStateException.class, "cannot read " + resource
            + ": ")
        .endControlFlow()
        .build();
    return header(bytes, resource).addMethod(read).build();
  }

  private static TypeSpec.Builder header(byte[] bytes, String source) {
    return TypeSpec.classBuilder("Weights")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("The parameters as little-endian float32 bytes, in the network's flat order.\n")
        .addField(FieldSpec.builder(String.class, "SHA256", Modifier.STATIC, Modifier.FINAL)
            .addJavadoc("Checked when the weights load.\n")
            .initializer("$S", sha256(bytes)).build())
        .addField(FieldSpec.builder(String.class, "SOURCE", Modifier.STATIC, Modifier.FINAL)
            .initializer("$S", source).build());
  }

  /** One string constant written as lines of {@value #CHARS_PER_LINE} characters joined by {@code +}. */
  private static CodeBlock literal(String text) {
    CodeBlock.Builder code = CodeBlock.builder().add("\n$>$>");
    for (int i = 0; i < text.length(); i += CHARS_PER_LINE) {
      code.add(i == 0 ? "$S" : "\n+ $S", text.substring(i, Math.min(text.length(), i + CHARS_PER_LINE)));
    }
    return code.add("$<$<").build();
  }
}
