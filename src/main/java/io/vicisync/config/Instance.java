package io.vicisync.config;

import io.vicisync.ExitCode;
import io.vicisync.Text;
import io.vicisync.VicisyncException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which of the dialers synced from this host a command is about. The default instance (no {@code
 * --instance}) keeps the single-dialer paths: {@code /etc/astguiclient.conf}, {@code
 * /etc/asterisk/dids.conf}, {@code /var/lib/vicisync}, {@code /var/log/vicisync/vicisync.log}. A
 * named one, {@code NAME}, has both files in {@code /etc/vicisync/NAME/}, its state in {@code
 * /var/lib/vicisync/NAME} (and so its own lock, ledger and runs.jsonl) and its log in {@code
 * /var/log/vicisync/NAME.log}: one directory per dialer to copy, and logrotate's {@code *.log}
 * covers every log.
 *
 * @param name null for the default instance
 */
public record Instance(String name) {
  /** The environment variable that names the instance when {@code --instance} does not. */
  public static final String ENV = "VICISYNC_INSTANCE";

  public static final Instance DEFAULT = new Instance(null);

  /** What metrics and logs call the instance without a name. */
  public static final String DEFAULT_LABEL = "default";

  /** Where the named instances' configuration directories are. */
  static final Path CONFIG_ROOT = Path.of("/etc/vicisync");

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}");

  /**
   * Names a named instance cannot have: the default instance's own label, its log's name, and the
   * entries of the default state directory that a named instance's state directory (its child)
   * would land on: the ledgers, follow's notice, the owner file, the launcher's CDS archive.
   */
  private static final Set<String> TAKEN =
      Set.of(
          DEFAULT_LABEL,
          "vicisync",
          "cds",
          "follow-notice",
          "ledger",
          "ledger-inbound",
          "instance",
          "format");

  public Instance {
    if (name != null && (!NAME.matcher(name).matches() || taken(name))) {
      throw new IllegalArgumentException(name);
    }
  }

  /** Kept in any case: DEFAULT would be a second "default" on a dashboard. */
  private static boolean taken(String name) {
    return TAKEN.contains(name.toLowerCase(Locale.ROOT));
  }

  /**
   * The instance {@code flag} (the value of {@code --instance}, or null) or else {@code
   * $VICISYNC_INSTANCE} names; a bad name is a usage error (64) on the command line and a
   * configuration error (78) in the environment, each saying what a name may be.
   */
  public static Instance of(String flag, Map<String, String> env) {
    String given = flag != null ? flag : env.get(ENV);
    if (given == null || given.isEmpty()) {
      return DEFAULT;
    }
    try {
      return new Instance(given);
    } catch (IllegalArgumentException e) {
      String line =
          (flag != null ? "--instance" : "$" + ENV)
              + ": '"
              + Text.oneLine(given, 60)
              + "' "
              + (taken(given)
                  ? "is a name vicisync keeps for itself; choose another"
                  : "is not an instance name: use 1 to 32 letters, digits, '-' or '_',"
                      + " starting with a letter or digit");
      throw flag != null
          ? new VicisyncException(ExitCode.USAGE, line)
          : VicisyncException.config(line);
    }
  }

  /**
   * The named instances configured under {@code root} ({@code /etc/vicisync}): its directories
   * whose names an instance may have, sorted; none when it cannot be read.
   */
  public static List<String> configured(Path root) {
    try (var dirs = Files.list(root)) {
      return dirs.filter(Files::isDirectory)
          .map(d -> d.getFileName().toString())
          .filter(n -> NAME.matcher(n).matches() && !taken(n))
          .sorted()
          .toList();
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  /** The named instances of this host, {@code /etc/vicisync/NAME/}. */
  public static List<String> configured() {
    return configured(CONFIG_ROOT);
  }

  public boolean named() {
    return name != null;
  }

  /** The {@code vicisync_instance} label of its metrics: the name, or {@code default}. */
  public String label() {
    return named() ? name : DEFAULT_LABEL;
  }

  /** A named instance's configuration directory; null for the default one. */
  public Path configDir() {
    return named() ? CONFIG_ROOT.resolve(name) : null;
  }

  /** Where VICIdial's database settings (VARDB_*) are read from by default. */
  public Path astguiclientConf() {
    return named() ? configDir().resolve("astguiclient.conf") : Path.of("/etc/astguiclient.conf");
  }

  /** Where the DID Optimizer's settings and [sync] are read from by default. */
  public Path didsConf() {
    return named() ? configDir().resolve("dids.conf") : Path.of("/etc/asterisk/dids.conf");
  }

  /** The default of a setting that names a path, for this instance. */
  String defaultValue(Setting s) {
    if (!named()) {
      return s.defaultValue();
    }
    return switch (s) {
      case STATE_DIR -> Path.of(s.defaultValue()).resolve(name).toString();
      case LOG_FILE -> Path.of(s.defaultValue()).resolveSibling(name + ".log").toString();
        // process-call-results.pl's checkpoint is this host's own dialer's: never another's start
      case LEGACY_CHECKPOINT -> "";
      default -> s.defaultValue();
    };
  }

  /** " (instance NAME)" for a line a person reads beside another instance's; "" by default. */
  public String suffix() {
    return named() ? " (instance " + name + ")" : "";
  }

  @Override
  public String toString() {
    return label();
  }
}
