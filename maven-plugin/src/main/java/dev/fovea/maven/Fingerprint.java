package dev.fovea.maven;

import dev.fovea.runtime.DataFileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;

/**
 * What a training run depends on, as SHA-256 hashes: the generated class's bytes, the data files' content
 * and the settings that change the weights. Equal fingerprints mean retraining would give the same weights.
 */
record Fingerprint(String network, String data, String settings) {

  /** The parts that differ from {@code other}, e.g. {@code [network, data]}. */
  List<String> changes(Fingerprint other) {
    List<String> changed = new ArrayList<>();
    if (!network.equals(other.network)) {
      changed.add("network");
    }
    if (!data.equals(other.data)) {
      changed.add("data");
    }
    if (!settings.equals(other.settings)) {
      changed.add("settings");
    }
    return changed;
  }

  /** The three hashes in one string, naming a run for its checkpoint. */
  String combined() {
    return network + "/" + data + "/" + settings;
  }

  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("network", network);
    json.put("data", data);
    json.put("settings", settings);
    return json;
  }

  static Fingerprint fromJson(Metadata.Fields fields) throws MojoFailureException {
    return new Fingerprint(fields.string("network"), fields.string("data"), fields.string("settings"));
  }

  /** Hex SHA-256 of some bytes. */
  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  /** Hex SHA-256 of a text, e.g. the canonical settings line. */
  static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Hex SHA-256 over the names and contents of {@code files}, in order; streamed, so large data costs no memory. */
  static String sha256(List<Path> files) {
    MessageDigest digest = digest();
    for (Path file : files) {
      digest.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      update(digest, file);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void update(MessageDigest digest, Path file) {
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new DataFileException(file, "cannot read: " + e, e);
    }
  }

  /** Hex SHA-256 of one file's content, as {@code sha256sum} prints it. */
  static String sha256(Path file) {
    MessageDigest digest = digest();
    update(digest, file);
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256 (java.security.MessageDigest's contract).
      throw new AssertionError(e);
    }
  }
}
