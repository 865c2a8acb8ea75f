package io.vicisync.config;

import io.vicisync.VicisyncException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads a configuration file; a missing one is empty, an unreadable one a one-line error. */
final class ConfigFiles {
  private ConfigFiles() {}

  /**
   * The file's text, each line read as UTF-8 (what VICIdial's Perl and today's editors write, a BOM
   * dropped) or, where a line is not valid UTF-8, as latin1 (an older editor's comment, or an
   * ISO-8859-1 password), so that one odd byte never makes a whole file unreadable.
   */
  static Optional<String> read(Path file, String flag) {
    try {
      return Optional.of(decode(Files.readAllBytes(file)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (AccessDeniedException e) {
      throw VicisyncException.config(
          file
              + ": permission denied; run vicisync as a user that can"
              + " read it or point "
              + flag
              + " at a readable copy");
    } catch (IOException e) {
      throw VicisyncException.config(file + ": cannot be read (" + e.getMessage() + ")");
    }
  }

  static String decode(byte[] bytes) {
    int from =
        bytes.length >= 3
                && (bytes[0] & 0xff) == 0xef
                && (bytes[1] & 0xff) == 0xbb
                && (bytes[2] & 0xff) == 0xbf
            ? 3
            : 0;
    StringBuilder out = new StringBuilder(bytes.length);
    int start = from;
    for (int i = from; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '\n') {
        out.append(line(bytes, start, i - start));
        if (i < bytes.length) {
          out.append('\n');
        }
        start = i + 1;
      }
    }
    return out.toString();
  }

  private static String line(byte[] bytes, int off, int len) {
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      return utf8.decode(ByteBuffer.wrap(bytes, off, len)).toString();
    } catch (CharacterCodingException notUtf8) {
      return new String(bytes, off, len, StandardCharsets.ISO_8859_1);
    }
  }
}
