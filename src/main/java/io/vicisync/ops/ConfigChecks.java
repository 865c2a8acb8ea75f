package io.vicisync.ops;

import io.vicisync.Text;
import io.vicisync.VicisyncException;
import io.vicisync.config.AstguiclientConf;
import io.vicisync.config.Secrets;
import io.vicisync.config.Setting;
import io.vicisync.config.Settings;
import io.vicisync.config.SyncSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * doctor's look at the configuration files: which were read and which settings they gave (and from
 * where each came), their permissions, values astguiclient.conf repeats or cannot hold, and a
 * hold_status that lets VICIdial's in-between statuses through.
 */
final class ConfigChecks {
  private final Findings f;

  ConfigChecks(Findings f) {
    this.f = f;
  }

  private static final String CAUTION_FIX =
      "if that is not what you meant, change the value (a database password with '#', ';', a"
          + " space or quotes cannot be written in astguiclient.conf)";

  /**
   * A hold_status copied from an older example (QUEUE,INCALL) posts every agent's call during its
   * wrap-up, as DISPO: the disposition the optimizer most needs never reaches it.
   */
  private void holdStatuses(SyncSettings s) {
    List<String> missing =
        Arrays.stream(Setting.HOLD_STATUS.defaultValue().split(","))
            .filter(st -> !s.holdStatuses().contains(st))
            .toList();
    if (!missing.isEmpty()) {
      f.warn(
          "[sync] hold_status does not hold "
              + String.join(", ", missing)
              + ": VICIdial writes "
              + (missing.size() == 1 ? "it" : "them")
              + " before the final disposition (docs/VICIDIAL.md), so those calls are posted"
              + " before it; remove hold_status from dids.conf to hold every one, or add them");
    }
  }

  void configuration(Settings s) {
    holdStatuses(s.sync());
    if (s.sync().instance().named()) {
      f.pass(
          "instance "
              + s.sync().instance().name()
              + ": state "
              + s.sync().stateDir()
              + ", log "
              + s.sync().logFile());
    }
    for (Settings.FileRead read : s.files()) {
      if (read.found()) {
        f.pass(read.path() + ": read");
        permissions(read.path());
        if (read.database()) {
          repeatedKeys(read.path());
        }
      } else {
        List<String> defaulted =
            s.origins().entrySet().stream()
                .filter(e -> e.getValue().equals("default") && fileKey(read.path(), e.getKey()))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        if (defaulted.isEmpty()) {
          f.pass(read.path() + ": not found; not needed, its settings all come from elsewhere");
        } else {
          f.fail(
              read.path()
                  + ": not found, so "
                  + String.join(", ", defaulted)
                  + " are defaults;"
                  + " create it, point --"
                  + (isAstguiclient(read.path()) ? "astguiclient" : "dids")
                  + "-conf at the right file, or set the environment variables");
        }
      }
    }
    int width = s.shown().keySet().stream().mapToInt(String::length).max().orElse(0);
    f.say("  settings (value, and where it came from):");
    s.shown()
        .forEach(
            (k, v) ->
                f.say(
                    "    "
                        + k
                        + " ".repeat(width - k.length())
                        + "  "
                        + (v.isEmpty() ? "\"\"" : v)
                        + "  ("
                        + s.origins().get(k)
                        + ")"));
  }

  private static boolean isAstguiclient(Path p) {
    return p.getFileName().toString().startsWith("astguiclient");
  }

  /** Which settings a file can give: the database's from astguiclient.conf, the API's from dids. */
  private static boolean fileKey(Path file, String key) {
    return isAstguiclient(file)
        ? key.startsWith("db.")
        : key.equals(Setting.API_KEY.key()) || key.equals(Setting.API_URL.key());
  }

  /** VICIdial's installer writes astguiclient.conf 0644: advice, not a failure. */
  private void permissions(Path file) {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (perms.contains(PosixFilePermission.OTHERS_READ)) {
        f.warn(
            file
                + " is readable by every user ("
                + PosixFilePermissions.toString(perms)
                + ") and holds "
                + (isAstguiclient(file)
                    ? "the database password: VICIdial's web pages read it, so give its group to the"
                        + " web server's user and close it to others: chgrp wwwrun (ViciBox), apache"
                        + " (CentOS) or www-data (Debian) "
                        + file
                        + " && chmod 640 "
                        + file
                    : "the API key: the DID Optimizer's AGI script reads it as Asterisk, so: chgrp"
                        + " asterisk "
                        + file
                        + " && chmod 640 "
                        + file));
      }
    } catch (IOException | UnsupportedOperationException e) {
      // a file system without POSIX permissions: nothing to warn about
    }
  }

  /**
   * A key given twice in astguiclient.conf: VICIdial's scripts use the last line, and so does
   * vicisync; an administrator who appended a new one may believe the first still counts.
   */
  private void repeatedKeys(Path file) {
    try {
      AstguiclientConf.inspect(file)
          .ifPresent(
              keys ->
                  keys.forEach(
                      (setting, k) -> {
                        if (k.repeated()) {
                          f.warn(
                              file
                                  + ": "
                                  + k.key()
                                  + " is set on lines "
                                  + k.lines().stream()
                                      .map(String::valueOf)
                                      .collect(Collectors.joining(", "))
                                  + "; VICIdial's scripts use the last (line "
                                  + k.lines().get(k.lines().size() - 1)
                                  + ": "
                                  + (setting == Setting.DB_PASSWORD
                                      ? Secrets.mask(k.value())
                                      : "'" + Text.safe(k.value()) + "'")
                                  + "), and so does vicisync; delete the others so nobody"
                                  + " reads the wrong one");
                        }
                        if (k.caution() != null) {
                          f.warn(file + ": " + k.caution() + "; " + CAUTION_FIX);
                        }
                      }));
    } catch (VicisyncException e) {
      f.fail(e.getMessage());
    }
  }
}
