package io.vicisync.config;

import io.vicisync.VicisyncException;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads a configuration file; a missing one is empty, an unreadable one a one-line error. */
final class ConfigFiles {
  private ConfigFiles() {}

  static Optional<String> read(Path file, Charset charset, String flag) {
    try {
      return Optional.of(Files.readString(file, charset));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (AccessDeniedException e) {
      throw VicisyncException.config(file + ": permission denied; run vicisync as a user that can"
          + " read it or point " + flag + " at a readable copy");
    } catch (IOException e) {
      throw VicisyncException.config(file + ": cannot be read (" + e.getMessage() + ")");
    }
  }
}
