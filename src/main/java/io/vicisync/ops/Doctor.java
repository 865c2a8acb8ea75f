package io.vicisync.ops;

import io.vicisync.ExitCode;
import io.vicisync.Text;
import io.vicisync.Version;
import io.vicisync.VicisyncException;
import io.vicisync.config.AstguiclientConf;
import io.vicisync.config.Secrets;
import io.vicisync.config.Setting;
import io.vicisync.config.Settings;
import io.vicisync.config.SyncSettings;
import io.vicisync.log.MetricsFile;
import io.vicisync.sink.RateLimit;
import io.vicisync.sink.ReceiverProbe;
import io.vicisync.source.CallSource;
import io.vicisync.source.CallTable;
import io.vicisync.source.jdbc.BusiestWindow;
import io.vicisync.source.jdbc.CallDateZone;
import io.vicisync.source.jdbc.Inspection;
import io.vicisync.source.jdbc.VicidialSource;
import io.vicisync.state.disk.RunLock;
import io.vicisync.state.disk.SafeFiles;
import io.vicisync.state.disk.StateDir;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code vicisync doctor}: every precondition of a working sync, checked one by one: ✓, or ✗ when
 * the sync cannot work or would lose data (exit 1), or ⚠ for hardening advice and what only adds to
 * what is sent (exit 0: a stock VICIdial server with the README's minimal grant passes). Each ✗ and
 * ⚠ says what to do. It reads and asks; it changes nothing.
 */
public final class Doctor {
  /** Below this, a full scan costs less than the index, and MariaDB rightly chooses it. */
  private static final long SMALL_TABLE = 10_000;

  private final PrintStream out;
  private final Path asteriskDir;
  private final List<Path> crontabs;
  private int checks;
  private int failed;
  private int warned;

  public Doctor(PrintStream out) {
    this(out, OtherSenders.ASTERISK, OtherSenders.CRONTABS);
  }

  /** {@code asteriskDir} holds the dialplan; {@code crontabs} are files or directories of them. */
  public Doctor(PrintStream out, Path asteriskDir, List<Path> crontabs) {
    this.out = out;
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
      return summary();
    }
    configuration(settings);
    database(settings);
    receiver(settings);
    state(settings.sync());
    otherSenders();
    return summary();
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
      warn(
          "[sync] hold_status does not hold "
              + String.join(", ", missing)
              + ": VICIdial writes "
              + (missing.size() == 1 ? "it" : "them")
              + " before the final disposition (docs/VICIDIAL.md), so those calls are posted"
              + " before it; remove hold_status from dids.conf to hold every one, or add them");
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

  private void configuration(Settings s) {
    holdStatuses(s.sync());
    if (s.sync().instance().named()) {
      pass(
          "instance "
              + s.sync().instance().name()
              + ": state "
              + s.sync().stateDir()
              + ", log "
              + s.sync().logFile());
    }
    for (Settings.FileRead f : s.files()) {
      if (f.found()) {
        pass(f.path() + ": read");
        permissions(f.path());
        if (f.database()) {
          repeatedKeys(f.path());
        }
      } else {
        List<String> defaulted =
            s.origins().entrySet().stream()
                .filter(e -> e.getValue().equals("default") && fileKey(f.path(), e.getKey()))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        if (defaulted.isEmpty()) {
          pass(f.path() + ": not found; not needed, its settings all come from elsewhere");
        } else {
          fail(
              f.path()
                  + ": not found, so "
                  + String.join(", ", defaulted)
                  + " are defaults;"
                  + " create it, point --"
                  + (isAstguiclient(f.path()) ? "astguiclient" : "dids")
                  + "-conf at the right file, or set the environment variables");
        }
      }
    }
    int width = s.shown().keySet().stream().mapToInt(String::length).max().orElse(0);
    out.println("  settings (value, and where it came from):");
    s.shown()
        .forEach(
            (k, v) ->
                out.println(
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
        warn(
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

  private void database(Settings s) {
    SyncSettings sync = s.sync();
    try (VicidialSource source = VicidialSource.open(s.db())) {
      Inspection db = new Inspection(source);
      pass("database: connected as " + s.db() + ", MariaDB/MySQL " + db.serverVersion());
      for (Inspection.Table t : Inspection.tables(CallSource.of(sync.sources()), sync.enrich())) {
        table(db, t, sync.enrich());
      }
      for (CallSource src : CallSource.of(sync.sources())) {
        plan(db, src.table());
        zone(source, src.table());
      }
      clock(db.clock());
    } catch (VicisyncException e) {
      fail("database: " + e.getMessage());
    } catch (SQLException e) {
      fail("database: " + e.getMessage());
    }
  }

  /** The dialers' call_date and the database's conversion of epochs must be in one zone. */
  private void zone(VicidialSource source, CallTable table) {
    try {
      CallDateZone.measure(source, table)
          .ifPresentOrElse(
              g -> {
                if (g.differs()) {
                  fail(g.explain(table));
                } else {
                  pass(
                      table
                          + ": call_date and start_epoch agree in the database's time zone ("
                          + g.sessionZone()
                          + "), as the poll's ranges need");
                }
              },
              () -> pass(table + ": no calls yet to compare call_date with start_epoch"));
    } catch (VicisyncException e) {
      warn(table + ": could not compare call_date with start_epoch: " + e.getMessage());
    }
  }

  private void table(Inspection db, Inspection.Table t, boolean enrich) {
    Inspection.Access a = db.access(t);
    String what = t.name() + " (" + t.usedFor() + ")";
    boolean onlyAdds = t.usedFor().startsWith("enrichment") || t.optional();
    if (!a.exists() && t.optional()) {
      pass(what + ": not there yet, which is fine");
    } else if (a.problem() != null && onlyAdds) {
      // the calls still go out, without these fields (or archived days can't be backfilled)
      warn(
          what
              + ": "
              + a.problem()
              + (t.usedFor().startsWith("enrichment") && enrich
                  ? " (until then calls are sent without these fields; or turn enrichment off:"
                      + " [sync] enrich = 0)"
                  : ""));
    } else if (a.problem() != null) {
      fail(what + ": " + a.problem());
    } else if (!a.missingColumns().isEmpty()) {
      fail(
          what
              + ": lacks the columns "
              + String.join(", ", a.missingColumns())
              + "; is this"
              + " VICIdial's database, and its schema up to date (extras/upgrade_*.sql)?");
    } else {
      pass(
          what
              + ": SELECT granted, the "
              + t.columns().size()
              + " columns vicisync reads are"
              + " there");
    }
  }

  private void plan(Inspection db, CallTable t) {
    try {
      Inspection.Plan p = db.explainPoll(t);
      if (p.type() == null) {
        // MariaDB plans nothing for a MyISAM table it knows to be empty
        pass(
            "the poll query on "
                + t
                + ": the table is empty, so there is no plan to check yet;"
                + " run doctor again once calls are there");
      } else if (p.usesIndex()) {
        pass(
            "the poll query reads "
                + t
                + " by its "
                + p.key()
                + " index (EXPLAIN: "
                + p.type()
                + ", ~"
                + p.rows()
                + " rows for the last hour)");
      } else if (p.canUseCallDate() && p.rows() < SMALL_TABLE) {
        pass(
            "the poll query on "
                + t
                + ": ~"
                + p.rows()
                + " rows, so few that MariaDB reads"
                + " them whole; it has the call_date index for when the table grows");
      } else {
        fail(
            "the poll query would scan all of "
                + t
                + " (EXPLAIN: "
                + p.type()
                + ", key "
                + p.key()
                + ", ~"
                + p.rows()
                + " rows), locking it for the dialer: restore its index"
                + " with ALTER TABLE "
                + t
                + " ADD INDEX (call_date);");
      }
    } catch (SQLException e) {
      fail("EXPLAIN of the poll query on " + t + ": " + e.getMessage());
    }
  }

  private void clock(Inspection.Clock c) {
    ZoneId jvm = ZoneId.systemDefault();
    ZoneOffset jvmOffset = jvm.getRules().getOffset(Instant.ofEpochSecond(c.epoch()));
    ZoneOffset dbOffset = ZoneOffset.ofTotalSeconds((int) c.offsetSeconds());
    long skew = Math.abs(System.currentTimeMillis() / 1000 - c.epoch());
    String zones =
        "the database's local time is UTC"
            + dbOffset.getId().replace("Z", "+00:00")
            + " (time_zone "
            + c.sessionZone()
            + "), this JVM's UTC"
            + jvmOffset.getId().replace("Z", "+00:00")
            + " ("
            + jvm
            + ")";
    if (!dbOffset.equals(jvmOffset)) {
      warn(
          zones
              + ": vicisync reads call_date through the database, so no call is lost, but"
              + " its log and status show this JVM's time; set TZ in /etc/default/vicisync (or the"
              + " database's time_zone) so they match");
    } else {
      pass(zones);
    }
    if (skew > 5) {
      warn(
          "the database's clock and this machine's differ by "
              + skew
              + " s: run NTP (chrony)"
              + " on both");
    }
  }

  /**
   * The receiver's advertised limit against this dialer's busiest window of the same length in the
   * last week: a dialer that outruns it falls further behind every hour, 429 after 429.
   */
  private void rateLimit(Settings s, RateLimit rl) {
    String allows =
        "receiver: allows "
            + rl.describe()
            + " to this server"
            + (rl.windowAdvertised()
                ? ""
                : " (its window is not advertised: the DID Optimizer's default)");
    long span = rl.windowSeconds();
    try (VicidialSource db = VicidialSource.open(s.db())) {
      BusiestWindow.Result b =
          BusiestWindow.of(
              db, CallSource.of(s.sync().sources()).stream().map(CallSource::table).toList(), span);
      String busiest =
          "the busiest "
              + RateLimit.span(span)
              + " of the last "
              + BusiestWindow.DAYS
              + " days here held "
              + b.calls()
              + (b.calls() == 1 ? " call" : " calls")
              + (b.startsLocal() == null ? "" : " (from " + b.startsLocal() + ")");
      if (b.calls() > rl.limit()) {
        fail(
            allows
                + ", and "
                + busiest
                + ": runs would be refused (HTTP 429) and fall further behind; whitelist this"
                + " server's address in the DID Optimizer's rate limiter, or raise its"
                + " RATE_LIMIT_MAX_REQUESTS to at least "
                + b.calls());
      } else {
        pass(allows + "; " + busiest + ", within it");
      }
    } catch (VicisyncException e) {
      warn(allows + "; the calls per window could not be counted: " + e.getMessage());
    }
  }

  private void receiver(Settings s) {
    ReceiverProbe.Answer a = ReceiverProbe.health(s.api(), "vicisync/" + Version.get());
    String where = "GET " + a.asked();
    if (a.status() == 200) {
      pass("receiver: " + where + " answered 200 to the key");
      a.rateLimit()
          .ifPresentOrElse(
              rl -> rateLimit(s, rl),
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
                          warn(
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
                          warn(file + ": " + k.caution() + "; " + CAUTION_FIX);
                        }
                      }));
    } catch (VicisyncException e) {
      fail(e.getMessage());
    }
  }

  private static final String CAUTION_FIX =
      "if that is not what you meant, change the value (a database password with '#', ';', a"
          + " space or quotes cannot be written in astguiclient.conf)";

  private void pass(String line) {
    checks++;
    out.println("✓ " + line);
  }

  private void fail(String line) {
    checks++;
    failed++;
    out.println("✗ " + Text.safe(line));
  }

  private void warn(String line) {
    checks++;
    warned++;
    out.println("⚠ " + Text.safe(line));
  }

  private ExitCode summary() {
    String advice = warned == 0 ? "" : ", " + warned + " with advice (⚠)";
    out.println(
        failed + warned == 0
            ? "doctor: all " + checks + " checks passed"
            : failed == 0
                ? "doctor: no check failed" + advice
                : "doctor: " + failed + " of " + checks + " checks failed" + advice);
    return failed == 0 ? ExitCode.OK : ExitCode.PROBLEMS_FOUND;
  }
}
