package io.vicisync.state.disk;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vicisync.ExitCode;
import io.vicisync.VicisyncException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/** A state file holding one JSON document ({@link RecordJson}), replaced atomically. */
final class JsonFile {
  private JsonFile() {}

  /**
   * The document, or empty when the file does not exist. {@code corrupt} turns the reason a file
   * that exists cannot be used into the error to stop with.
   */
  static <T extends Record> Optional<T> read(
      Path file, Class<T> type, Function<String, VicisyncException> corrupt) {
    byte[] bytes = bytes(file, corrupt);
    return bytes == null ? Optional.empty() : Optional.of(parse(bytes, type, corrupt));
  }

  /** The file's bytes; null when it does not exist. */
  static byte[] bytes(Path file, Function<String, VicisyncException> corrupt) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (AccessDeniedException e) {
      // not damage: a monitoring user reading root's state (status, check through NRPE)
      throw new VicisyncException(
          ExitCode.PERMISSION,
          file
              + " cannot be read by this user: run it as root (through sudo, as 'vicisync check"
              + " --help' shows for NRPE), or give this user's group read access to "
              + file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw corrupt.apply("cannot be read (" + e + ")");
    }
  }

  /** The document in {@code bytes}, read from a file. */
  static <T extends Record> T parse(
      byte[] bytes, Class<T> type, Function<String, VicisyncException> corrupt) {
    try {
      T value = bytes.length == 0 ? null : RecordJson.read(bytes, type);
      if (value == null) {
        throw corrupt.apply("is empty");
      }
      return value;
    } catch (JsonProcessingException e) {
      throw corrupt.apply("is not valid (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw corrupt.apply("cannot be read (" + e + ")");
    }
  }

  /** A report: atomic, not forced to disk ({@link AtomicFile#writeReport}). */
  static void writeReport(Path file, Record value) {
    try {
      AtomicFile.writeReport(file, RecordJson.write(value, true), SafeFiles.FILE);
    } catch (IOException e) {
      throw VicisyncException.unwritable(file, e);
    }
  }

  static void write(Path file, Record value) {
    writeBytes(file, text(file, value));
  }

  /** The file's bytes for {@code value}. */
  static byte[] text(Path file, Record value) {
    try {
      return RecordJson.write(value, true);
    } catch (IOException e) {
      throw VicisyncException.unwritable(file, e);
    }
  }

  /** Replaces the file with {@code bytes}, durably. */
  static void writeBytes(Path file, byte[] bytes) {
    try {
      AtomicFile.write(file, bytes);
    } catch (IOException e) {
      throw VicisyncException.unwritable(file, e);
    }
  }
}
