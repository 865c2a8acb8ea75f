package io.vicisync.ops;

import io.vicisync.ExitCode;
import io.vicisync.Text;
import io.vicisync.Version;
import io.vicisync.VicisyncException;
import io.vicisync.config.Settings;
import io.vicisync.config.SyncSettings;
import io.vicisync.log.MetricsFile;
import io.vicisync.sink.ReceiverProbe;
import io.vicisync.state.disk.RunLock;
import io.vicisync.state.disk.SafeFiles;
import io.vicisync.state.disk.StateDir;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code vicisync doctor}: every precondition of a working sync, checked one by one: ✓, or ✗ when
 * the sync cannot work or would lose data (exit 1), or ⚠ for hardening advice and what only adds to
 * what is sent (exit 0: a stock VICIdial server with the README's minimal grant passes). Each ✗ and
 * ⚠ says what to do. It reads and asks; it changes nothing.
 */
public final class Doctor {

  private final Path asteriskDir;
  private final List<Path> crontabs;
  private final Findings f;

  public Doctor(PrintStream out) {
    this(out, OtherSenders.ASTERISK, OtherSenders.CRONTABS);
  }

  /** {@code asteriskDir} holds the dialplan; {@code crontabs} are files or directories of them. */
  public Doctor(PrintStream out, Path asteriskDir, List<Path> crontabs) {
    this.f = new Findings(out);
    this.asteriskDir = asteriskDir;
    this.crontabs = crontabs;
  }

  /** OK when every check passed, else PROBLEMS_FOUND. */
  public ExitCode run(Supplier<Settings> load) {
    java();
    Settings settings;
    try {
      settings = load.get();
    } catch (VicisyncException e) {
      fail("configuration: " + e.getMessage());
      return f.summary();
    }
    new ConfigChecks(f).configuration(settings);
    new DatabaseChecks(f).database(settings);
    receiver(settings);
    state(settings.sync());
    otherSenders();
    return f.summary();
  }

  /** A second sender of the same calls makes the DID Optimizer count each of them twice. */
  private void otherSenders() {
    List<OtherSenders.Finding> hooks = OtherSenders.dialplan(asteriskDir);
    List<OtherSenders.Finding> scripts = OtherSenders.crontabs(crontabs);
    List<OtherSenders.Finding> all = new ArrayList<>(hooks);
    all.addAll(scripts);
    for (OtherSenders.Finding f : all) {
      warn(
          f.file()
              + ":"
              + f.line()
              + " runs "
              + f.runs()
              + (f.runs().equals(OtherSenders.HOOK)
                  ? " at hang-up: the DID Optimizer gets each call from it and from vicisync"
                      + " (under another uniqueid) and counts it twice; remove that line and run"
                      + " asterisk -rx \"dialplan reload\""
                  : ": it posts the same calls, and the DID Optimizer counts each of them twice;"
                      + " remove that line")
              + " (README: Migrating)");
    }
    if (hooks.isEmpty() && scripts.isEmpty()) {
      pass(
          "no other sender of these calls: no "
              + OtherSenders.HOOK
              + " in "
              + asteriskDir
              + "'s dialplan, no "
              + String.join(" or ", OtherSenders.SCRIPTS)
              + " in the crontabs");
    }
  }

  /** Which Java runs vicisync, and why that one: the launcher says where it found it. */
  private void java() {
    String from = System.getenv("VICISYNC_JAVA_FROM");
    pass(
        "Java "
            + Runtime.version()
            + " ("
            + System.getProperty("java.vendor")
            + ") at "
            + System.getProperty("java.home")
            + (from == null || from.isBlank()
                ? ": started directly, not by the vicisync launcher"
                : ": the launcher found it as " + Text.safe(from)));
  }

  private void receiver(Settings s) {
    ReceiverProbe.Answer a = ReceiverProbe.health(s.api(), "vicisync/" + Version.get());
    String where = "GET " + a.asked();
    if (a.status() == 200) {
      pass("receiver: " + where + " answered 200 to the key");
      a.rateLimit()
          .ifPresentOrElse(
              rl -> new DatabaseChecks(f).rateLimit(s, rl),
              () ->
                  pass(
                      "receiver: advertises no rate limit to this server (none, or this server's"
                          + " address is whitelisted)"));
    } else if (a.status() == 401 || a.status() == 403) {
      fail(
          "receiver: "
              + where
              + " refused the key ("
              + a.status()
              + "): check api_key in"
              + " dids.conf or $API_KEY");
    } else if (a.status() == 0) {
      fail(
          "receiver: "
              + where
              + " did not answer ("
              + a.detail()
              + "): is the DID Optimizer"
              + " running, and api_base_url right?");
    } else if (a.status() == 404) {
      fail(
          "receiver: GET "
              + s.api().healthUris().get(0)
              + " and "
              + where
              + " answered 404 ("
              + a.detail()
              + "): is api_base_url the DID Optimizer's own address, without a path?");
    } else {
      fail("receiver: " + where + " answered " + a.status() + " " + a.detail());
    }
    if (ReceiverProbe.keyInClearText(s.api())) {
      warn(
          "api_base_url "
              + s.api().baseUrl()
              + " is plain http to another machine: the API key"
              + " crosses the network unencrypted; use https://");
    }
  }

  private void state(SyncSettings s) {
    writableDir(s.stateDir(), "state directory");
    if (Files.isDirectory(s.stateDir())) {
      try {
        SafeFiles.directory(s.stateDir(), "the state directory");
        pass("state directory " + s.stateDir() + " is writable by its owner only");
      } catch (VicisyncException | IOException e) {
        fail(e.getMessage());
      }
    }
    Path log = s.logFile();
    if (Files.exists(log) ? Files.isWritable(log) : Files.isWritable(parent(log))) {
      pass("log file " + log + " is writable");
    } else {
      fail(
          "log file "
              + log
              + " is not writable by this user: fix its permissions, or set"
              + " [sync] log_file / --log-file");
    }
    if (Files.isDirectory(s.stateDir())) {
      Path lock = new StateDir(s.stateDir()).lock();
      Optional<String> holder = RunLock.holder(lock);
      if (holder.isEmpty()) {
        pass("lock " + lock + " is free");
      } else {
        warn(
            "lock "
                + lock
                + " is held by pid "
                + holder.get()
                + ": if that is cron's minute run, try again in a moment; a run that stays stuck"
                + " shows in 'ps -p' with that pid");
      }
    }
    if (s.metricsFile() != null) {
      Path metrics = MetricsFile.target(s.metricsFile(), s.instance());
      writableDir(parent(metrics), "metrics directory");
      try {
        MetricsFile.clash(metrics, s.instance()).ifPresent(this::fail);
      } catch (IOException e) {
        fail("cannot read the metrics file " + metrics + " (" + e + ")");
      }
    }
  }

  private void writableDir(Path dir, String what) {
    if (Files.isDirectory(dir)) {
      if (Files.isWritable(dir)) {
        pass(what + " " + dir + " is writable");
      } else {
        fail(
            what
                + " "
                + dir
                + " is not writable by this user: run vicisync as its owner"
                + " (root, from /etc/cron.d/vicisync), or chown it");
      }
    } else if (Files.isWritable(nearestExisting(dir))) {
      pass(what + " " + dir + " does not exist yet; the first run creates it");
    } else {
      fail(
          what
              + " "
              + dir
              + " does not exist and cannot be created by this user: mkdir it"
              + " for the user cron runs vicisync as");
    }
  }

  private static Path parent(Path p) {
    Path abs = p.toAbsolutePath();
    return abs.getParent() == null ? abs : abs.getParent();
  }

  private static Path nearestExisting(Path p) {
    Path d = p.toAbsolutePath();
    while (d != null && !Files.exists(d)) {
      d = d.getParent();
    }
    return d == null ? Path.of("/") : d;
  }

  private void pass(String line) {
    f.pass(line);
  }

  private void fail(String line) {
    f.fail(line);
  }

  private void warn(String line) {
    f.warn(line);
  }
}
