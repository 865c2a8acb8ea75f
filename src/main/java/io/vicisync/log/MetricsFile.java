package io.vicisync.log;

import io.vicisync.VicisyncException;
import io.vicisync.config.Instance;
import io.vicisync.state.disk.AtomicFile;
import io.vicisync.state.disk.RunStatus;
import io.vicisync.state.disk.SafeFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code run --metrics-file}: the Prometheus text format for node_exporter's textfile collector,
 * replaced atomically after each run (the collector reads only {@code *.prom}, never the temporary
 * file beside it), its text {@link MetricsText}'s; which file is each instance's, and never
 * another's.
 */
public final class MetricsFile {
  private MetricsFile() {}

  private static final Pattern OTHER_INSTANCE =
      Pattern.compile(MetricsText.INSTANCE_LABEL + "=\"([A-Za-z0-9_-]{1,40})\"");

  /**
   * The file {@code setting} (metrics_file) means for {@code instance}: itself, or, when it is a
   * directory (node_exporter's textfile directory), {@code vicisync.prom} in it for the default
   * instance and {@code vicisync-NAME.prom} for a named one, so that one dids.conf copied for every
   * dialer gives each its own file.
   */
  public static Path target(Path setting, Instance instance) {
    if (!Files.isDirectory(setting)) {
      return setting;
    }
    return setting.resolve(
        instance.named() ? "vicisync-" + instance.name() + ".prom" : "vicisync.prom");
  }

  /**
   * Replaces {@code file} with {@code instance}'s metrics; refused, file untouched, when the file
   * holds another instance's: the textfile collector would show only the last writer's, and the
   * other dialer would vanish from the dashboard without an error.
   */
  public static void write(
      Path file, Instance instance, RunStatus status, Map<String, Integer> deadLetters) {
    write(file, instance, status, deadLetters, 0);
  }

  /** The same, with when the receiver's rate limit lets posts go again (0: it holds none back). */
  public static void write(
      Path file,
      Instance instance,
      RunStatus status,
      Map<String, Integer> deadLetters,
      long rateLimitedUntilMillis) {
    try {
      claim(file, instance);
      AtomicFile.writeReport(
          file,
          MetricsText.render(instance, status, deadLetters, rateLimitedUntilMillis)
              .getBytes(StandardCharsets.UTF_8),
          SafeFiles.PUBLIC);
    } catch (IOException e) {
      throw VicisyncException.config(
          "cannot write the metrics file "
              + file
              + " ("
              + e
              + "); make its directory writable for the user cron runs vicisync as, or change"
              + " --metrics-file / [sync] metrics_file");
    }
  }

  /**
   * An idle run's: only the file's time is set, as node_exporter's mtime metric sees the run; not
   * for a file another instance wrote.
   */
  public static void stamp(Path file, Instance instance, long millis) {
    try {
      claim(file, instance);
      if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) { // a link's target: never
        Files.setLastModifiedTime(file, FileTime.fromMillis(millis));
      }
    } catch (IOException e) {
      throw VicisyncException.config(
          "cannot set the time of the metrics file " + file + " (" + e + ")");
    }
  }

  /** Refuses {@code file} when it holds another instance's metrics. */
  private static void claim(Path file, Instance instance) throws IOException {
    Optional<String> clash = clash(file, instance);
    if (clash.isPresent()) {
      throw VicisyncException.config(clash.get());
    }
  }

  /** Why {@code instance} may not write {@code file}: another instance's metrics are there. */
  public static Optional<String> clash(Path file, Instance instance) throws IOException {
    String other = writtenFor(file);
    if (other == null || other.equals(instance.label())) {
      return Optional.empty();
    }
    return Optional.of(
        "the metrics file "
            + file
            + " holds instance '"
            + other
            + "''s metrics, and this is "
            + (instance.named() ? "instance '" + instance.name() + "'" : "the default instance")
            + ": give each instance its own file in the textfile directory, e.g. "
            + file.resolveSibling("vicisync-" + instance.label() + ".prom")
            + ", or the directory itself, "
            + file.getParent()
            + ", where each writes its own (metrics_file in [sync] of its dids.conf, or"
            + " --metrics-file)");
  }

  /**
   * The instance whose metrics {@code file} holds; null when none does (no file, another kind of
   * file, or one written before instances had a label). Read without following a link or opening
   * anything but a regular file (a FIFO would block), and only its first 64 KiB.
   */
  static String writtenFor(Path file) throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
    if (!a.isRegularFile()) {
      return null;
    }
    byte[] head;
    try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      head = in.readNBytes(64 * 1024);
    }
    Matcher m = OTHER_INSTANCE.matcher(new String(head, StandardCharsets.UTF_8));
    return m.find() ? m.group(1) : null;
  }

  /** Whether the file was written less than five minutes ago (an idle run only stamps it). */
  public static boolean recent(Path file) {
    try {
      long age =
          System.currentTimeMillis()
              - Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis();
      return age >= 0 && age < 5 * 60_000L;
    } catch (IOException e) {
      return false;
    }
  }
}
