package io.vicisync.ops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Whatever else sends this dialer's calls to the DID Optimizer: its own hang-up reporter in the
 * Asterisk dialplan, or the Perl scripts vicisync replaces in a crontab. The optimizer stores every
 * post as a call, so with two senders each call is counted twice (the hook even posts it under the
 * dial channel's uniqueid, not the call's). Only regular files are read, never through a link and
 * never a FIFO, and only so many of so much: these are files other users may write.
 */
public final class OtherSenders {
  /** The DID Optimizer's Asterisk hang-up hook. */
  static final String HOOK = "agi-did-optimizer-report.agi";

  /** The first versions of this sync, run from cron. */
  static final List<String> SCRIPTS =
      List.of("process-call-results.pl", "AST_DID_optimizer_sync.pl");

  /** Where cron reads crontabs on Debian and on RHEL/ViciBox (cronie). */
  public static final List<Path> CRONTABS =
      List.of(
          Path.of("/etc/crontab"),
          Path.of("/etc/cron.d"),
          Path.of("/var/spool/cron"),
          Path.of("/var/spool/cron/crontabs"));

  public static final Path ASTERISK = Path.of("/etc/asterisk");

  private static final int MAX_FILES = 500;
  private static final int MAX_BYTES = 4 << 20;

  /** A line that sends calls too. */
  public record Finding(Path file, int line, String runs) {}

  private OtherSenders() {}

  /**
   * Lines of the dialplan, {@code extensions*.conf} in {@code asteriskDir} and every file they
   * {@code #include}, that run the hang-up hook.
   */
  public static List<Finding> dialplan(Path asteriskDir) {
    List<Finding> found = new ArrayList<>();
    Set<Path> seen = new LinkedHashSet<>();
    Deque<Path> todo = new ArrayDeque<>(matching(asteriskDir, "extensions*.conf"));
    while (!todo.isEmpty() && seen.size() < MAX_FILES) {
      Path f = todo.pop().normalize();
      if (!seen.add(f)) {
        continue;
      }
      List<String> lines = lines(f);
      for (int i = 0; i < lines.size(); i++) {
        String l = code(lines.get(i), ';');
        if (l.startsWith("#include") || l.startsWith("#tryinclude")) {
          String target = l.substring(l.indexOf("include") + "include".length()).strip();
          target = target.replace("\"", "").replace("<", "").replace(">", "").strip();
          if (!target.isEmpty()) {
            Path p = asteriskDir.resolve(target);
            Path dir = p.getParent() == null ? asteriskDir : p.getParent();
            todo.addAll(matching(dir, p.getFileName().toString()));
          }
        } else if (l.contains(HOOK)) {
          found.add(new Finding(f, i + 1, HOOK));
        }
      }
    }
    return found;
  }

  /** Lines of the crontabs (files, or directories of them) that run one of the old scripts. */
  public static List<Finding> crontabs(List<Path> places) {
    List<Finding> found = new ArrayList<>();
    int files = 0;
    for (Path place : places) {
      List<Path> tabs =
          Files.isDirectory(place, LinkOption.NOFOLLOW_LINKS)
              ? matching(place, "*")
              : List.of(place);
      for (Path tab : tabs) {
        if (++files > MAX_FILES) {
          return found;
        }
        List<String> lines = lines(tab);
        for (int i = 0; i < lines.size(); i++) {
          String l = code(lines.get(i), '#');
          for (String script : SCRIPTS) {
            if (l.contains(script)) {
              found.add(new Finding(tab, i + 1, script));
            }
          }
        }
      }
    }
    return found;
  }

  /** The line without its comment and surrounding blanks. */
  private static String code(String line, char comment) {
    int c = line.indexOf(comment);
    return (c < 0 ? line : line.substring(0, c)).strip();
  }

  /** Regular files in {@code dir} whose names match {@code glob}, never through a link. */
  private static List<Path> matching(Path dir, String glob) {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
      for (Path p : ds) {
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && out.size() < MAX_FILES) {
          out.add(p);
        }
      }
    } catch (IOException | RuntimeException e) {
      // unreadable or an odd pattern: nothing found there, as cron and Asterisk would find
    }
    out.sort(null);
    return out;
  }

  /** A regular file's lines, at most {@link #MAX_BYTES} of it; nothing when it cannot be read. */
  private static List<String> lines(Path f) {
    if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
      return List.of(); // a FIFO would block, a link may point anywhere
    }
    try (InputStream in = Files.newInputStream(f, LinkOption.NOFOLLOW_LINKS)) {
      return new String(in.readNBytes(MAX_BYTES), StandardCharsets.ISO_8859_1).lines().toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
