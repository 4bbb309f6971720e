package dev.fovea.processor.testing;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** A minimal class-file reader (JVMS chapter 4, up to Java 17) that reports each method's bytecode length. */
public final class ClassFileMethods {
  private static final int MAGIC = 0xCAFEBABE;

  /** One method: its name, descriptor and the Code attribute's code_length, or -1 when it has no code. */
  public record Method(String name, String descriptor, int codeLength) {
    @Override
    public String toString() {
      return name + descriptor + " (" + codeLength + " bytes)";
    }
  }

  /**
   * A parsed class: its own, super and interface names (internal form), its methods in file order, the
   * constant_pool_count and the byte length of its longest Utf8 constant (string literals are stored there).
   */
  public record ClassFile(String thisClass, String superClass, List<String> interfaces, int fieldCount,
      List<Method> methods, int constantPoolCount, int longestUtf8) {

    public Method method(String name) {
      return methods.stream().filter(m -> m.name().equals(name)).findFirst()
          .orElseThrow(() -> new AssertionError("no method " + name + " in " + thisClass + ": " + methods));
    }
  }

  private final DataInputStream in;
  private Object[] pool;
  private int longestUtf8;

  private ClassFileMethods(byte[] bytes) {
    this.in = new DataInputStream(new ByteArrayInputStream(bytes));
  }

  public static ClassFile parse(byte[] bytes) {
    try {
      return new ClassFileMethods(bytes).read();
    } catch (IOException e) {
      throw new UncheckedIOException("truncated class file", e);
    }
  }

  private ClassFile read() throws IOException {
    if (in.readInt() != MAGIC) {
      throw new IllegalArgumentException("not a class file: bad magic");
    }
    in.readUnsignedShort(); // minor_version
    in.readUnsignedShort(); // major_version
    readConstantPool();
    in.readUnsignedShort(); // access_flags
    String thisClass = className(in.readUnsignedShort());
    int superIndex = in.readUnsignedShort();
    String superClass = superIndex == 0 ? null : className(superIndex);
    List<String> interfaces = new ArrayList<>();
    for (int i = in.readUnsignedShort(); i > 0; i--) {
      interfaces.add(className(in.readUnsignedShort()));
    }
    int fieldCount = in.readUnsignedShort();
    for (int i = 0; i < fieldCount; i++) {
      in.readUnsignedShort(); // access_flags
      in.readUnsignedShort(); // name_index
      in.readUnsignedShort(); // descriptor_index
      skipAttributes(in.readUnsignedShort());
    }
    List<Method> methods = new ArrayList<>();
    for (int i = in.readUnsignedShort(); i > 0; i--) {
      in.readUnsignedShort(); // access_flags
      String name = utf8(in.readUnsignedShort());
      String descriptor = utf8(in.readUnsignedShort());
      int codeLength = -1;
      for (int a = in.readUnsignedShort(); a > 0; a--) {
        String attribute = utf8(in.readUnsignedShort());
        int length = in.readInt();
        if (attribute.equals("Code")) {
          in.readUnsignedShort(); // max_stack
          in.readUnsignedShort(); // max_locals
          codeLength = in.readInt();
          in.skipNBytes(length - 8L);
        } else {
          in.skipNBytes(length);
        }
      }
      methods.add(new Method(name, descriptor, codeLength));
    }
    skipAttributes(in.readUnsignedShort()); // class attributes, read to check the file is whole
    if (in.read() != -1) {
      throw new IllegalArgumentException("trailing bytes after the class attributes");
    }
    return new ClassFile(thisClass, superClass, List.copyOf(interfaces), fieldCount, List.copyOf(methods),
        pool.length, longestUtf8);
  }

  /** Keeps Utf8 strings and the name index of Class entries; other entries are only skipped. */
  private void readConstantPool() throws IOException {
    int count = in.readUnsignedShort();
    pool = new Object[count];
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> { // Utf8: u2 length + modified UTF-8, exactly readUTF's format
          in.mark(2);
          longestUtf8 = Math.max(longestUtf8, in.readUnsignedShort());
          in.reset();
          pool[i] = in.readUTF();
        }
        case 3, 4 -> in.skipNBytes(4); // Integer, Float
        case 5, 6 -> { // Long, Double take two slots
          in.skipNBytes(8);
          i++;
        }
        case 7 -> pool[i] = new ClassRef(in.readUnsignedShort()); // Class
        case 8, 16, 19, 20 -> in.skipNBytes(2); // String, MethodType, Module, Package
        case 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4); // refs, NameAndType, Dynamic, InvokeDynamic
        case 15 -> in.skipNBytes(3); // MethodHandle: u1 kind, u2 reference
        default -> throw new IllegalArgumentException("unknown constant pool tag " + tag + " at " + i);
      }
    }
  }

  private record ClassRef(int nameIndex) {}

  private void skipAttributes(int count) throws IOException {
    for (int i = 0; i < count; i++) {
      in.readUnsignedShort(); // attribute_name_index
      in.skipNBytes(Integer.toUnsignedLong(in.readInt()));
    }
  }

  private String utf8(int index) {
    if (pool[index] instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException("constant " + index + " is not Utf8: " + pool[index]);
  }

  private String className(int index) {
    if (pool[index] instanceof ClassRef ref) {
      return utf8(ref.nameIndex());
    }
    throw new IllegalArgumentException("constant " + index + " is not a Class: " + pool[index]);
  }
}
